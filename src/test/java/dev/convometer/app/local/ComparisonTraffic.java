package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.traffic.TrafficGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Traffic for comparing the live service with replay: generated events plus every scenario that is not about arrival
 * order (each under its own business id, so that scenarios stay apart). Events of a pair that share a timestamp across
 * topics stay in: a live stream may apply them in the wrong order, but then the one that belongs first (O-ORDER) is
 * late and corrects the other, so the net result is replay's all the same.
 *
 * <p>Scenarios marked {@code arrival-order} are left out: their point is the order of their file, which sorted replay
 * and publishing do not keep, and some span more than the correction horizon on purpose. A live task shares stream time
 * across pairs and merges the partitions of the inputs as they come, so it may rightly dead-letter as too late what
 * sorted replay bills.
 */
public final class ComparisonTraffic {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonTraffic() {
    }

    public static Path write(Path file, int generatedEvents) throws IOException, URISyntaxException {
        List<ObjectNode> events = new ArrayList<>();
        StringWriter generated = new StringWriter();
        new TrafficGenerator(Math.max(1, generatedEvents / 10), generatedEvents, 11).writeTo(generated);
        for (String line : generated.toString().lines().toList()) {
            events.add((ObjectNode) JSON.readTree(line));
        }
        Path scenarios = Path.of(ComparisonTraffic.class.getResource("/scenarios").toURI());
        try (Stream<Path> dirs = Files.list(scenarios)) {
            // pricing-kit holds shared tables, no traffic
            for (Path scenario : dirs.sorted().filter(s -> Files.exists(s.resolve("input.jsonl")) && !Files.exists(s.resolve("arrival-order"))).toList()) {
                for (String line : Files.readAllLines(scenario.resolve("input.jsonl"))) {
                    try {
                        ObjectNode event = (ObjectNode) JSON.readTree(line);
                        event.put("business_id", event.path("business_id").asText() + "-" + scenario.getFileName());
                        events.add(event);
                    } catch (IOException | ClassCastException notAnEvent) {
                        // the dead-letter scenario's unreadable lines: neither side bills them
                    }
                }
            }
        }
        Files.writeString(file, events.stream().map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    /** Sorted replay of {@code traffic} through the command (SPEC section 5), into {@code dir}: the expected result. */
    static Expected replay(Path traffic, Path dir) {
        Path opened = dir.resolve("replay-opened.jsonl");
        Path rejected = dir.resolve("replay-rejected.jsonl");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(new String[] {"replay", "--input", traffic.toString(), "--output", opened.toString(),
                "--rejected", rejected.toString()}, quiet, quiet)).isZero();
        return new Expected(lines(opened), lines(rejected));
    }

    /** Replay's conversations opened and sends rejected, as JSON lines. */
    record Expected(List<String> opened, List<String> rejected) {
        /** The service's net result is this exactly (as multisets), and no conversation is billed twice. */
        void assertNetOf(NetBilling live) {
            assertThat(opened).hasSizeGreaterThan(1000);
            assertThat(live.conversationsOpenedTwiceWithoutVoid()).as("exactly once: no conversation opened twice without a void between").isEmpty();
            assertThat(live.netOpened()).as("opened minus voided").containsExactlyInAnyOrderElementsOf(opened);
            assertThat(live.netRejected()).as("rejected minus withdrawn").containsExactlyInAnyOrderElementsOf(rejected);
        }
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
