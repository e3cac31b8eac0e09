package dev.convometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the documentation resolves: the file exists, and a {@code #anchor} names a heading of the
 * linked Markdown file (GitHub's slugs: lower case, punctuation other than '-' and '_' dropped, spaces to '-', a repeated
 * heading suffixed -1, -2 ...). Links in code are not links; links to other sites are not checked here.
 */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void shouldResolveEveryRelativeLinkWhenReadingTheDocumentation() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).contains(Path.of("README.md"), Path.of("CHANGELOG.md"), Path.of("docs", "operations.md"));

        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path document : documents) {
            for (String target : links(document)) {
                links++;
                String problem = problem(document, target);
                if (problem != null) {
                    broken.add(document + ": " + target + ": " + problem);
                }
            }
        }
        assertThat(links).as("links found").isGreaterThan(10);
        assertThat(broken).isEmpty();
    }

    @Test
    void shouldFindBrokenLinksWhenTheyNameNoFileOrNoHeading() throws IOException {
        Path readme = Path.of("README.md");
        assertThat(problem(readme, "docs/no-such-document.md")).contains("no file");
        assertThat(problem(readme, "docs/operations.md#no-such-heading")).contains("no heading");
        assertThat(slugs(List.of("# Replay: memory and speed", "## Replay: memory and speed", "## Inputs (SPEC 2 & 5)")))
                .containsExactlyInAnyOrder("replay-memory-and-speed", "replay-memory-and-speed-1", "inputs-spec-2--5");
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The link targets of a Markdown file, outside fenced code blocks and inline code. */
    private static List<String> links(Path document) throws IOException {
        List<String> targets = new ArrayList<>();
        for (String line : outsideCode(document)) {
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The lines of a Markdown file that are not in a fenced code block (nor its fences). */
    private static List<String> outsideCode(Path document) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(document)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Why {@code target} does not resolve from {@code document}, or null when it does (or is not relative). */
    private static String problem(Path document, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? document : document.toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no file " + resolved;
        }
        if (hash < 0 || !resolved.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return slugs(headings(resolved)).contains(anchor) ? null : "no heading with anchor #" + anchor + " in " + resolved;
    }

    private static List<String> headings(Path document) throws IOException {
        return outsideCode(document).stream().filter(line -> HEADING.matcher(line).matches()).toList();
    }

    private static Set<String> slugs(List<String> headings) {
        Set<String> slugs = new HashSet<>();
        for (String heading : headings) {
            Matcher matcher = HEADING.matcher(heading);
            if (!matcher.matches()) {
                continue;
            }
            String text = matcher.group(1).replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !slugs.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return slugs;
    }
}
