package dev.convometer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.topology.BillingSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worked scenario (copied from the shared scenarios into test resources) replayed through the topology, with the
 * replay's in-memory stores and with the streaming service's RocksDB stores: the same conversations and rejections.
 */
class ScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPENED_FIELDS =
            List.of("business_id", "customer_id", "category", "opened_at", "expires_at", "billable", "opened_by", "rule");
    private static final List<String> REJECTED_FIELDS = List.of("event_id", "business_id", "customer_id", "reason");

    static Stream<Arguments> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(ScenariosTest.class.getResource("/scenarios").toURI());
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("input.jsonl"))).sorted().toList()) {
                for (BillingSettings.Storage storage : BillingSettings.Storage.values()) {
                    all.add(Arguments.of(dir.getFileName().toString(), storage, dir));
                }
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(15 * 2);
        return all.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("scenarios")
    void shouldGiveExpectedConversationsAndRejectionsWhenScenarioReplayed(String name, BillingSettings.Storage storage, Path dir) throws IOException {
        StringWriter opened = new StringWriter();
        StringWriter rejected = new StringWriter();
        StringWriter dead = new StringWriter();

        new Replay(BillingSettings.DEFAULTS.withStorage(storage), new PrintStream(OutputStream.nullOutputStream()))
                .run(List.of(dir.resolve("input.jsonl")), new Replay.Outputs(opened, rejected, dead));

        List<JsonNode> got = lines(opened.toString());
        assertThat(project(got, OPENED_FIELDS)).containsExactlyInAnyOrderElementsOf(project(expected(dir, "opened.jsonl"), OPENED_FIELDS));
        assertThat(project(lines(rejected.toString()), REJECTED_FIELDS))
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "rejected.jsonl"), REJECTED_FIELDS));
        assertThat(got).extracting(n -> n.get("conversation_id").asText()).doesNotHaveDuplicates().allMatch(id -> !id.isBlank());
    }

    private static List<JsonNode> expected(Path dir, String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? lines(Files.readString(path)) : List.of();
    }

    private static List<JsonNode> lines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    /** Compares instants by value, whatever their notation (".000Z" or "Z"). */
    private static List<List<String>> project(List<JsonNode> nodes, List<String> fields) {
        return nodes.stream().map(node -> fields.stream().map(field -> {
            JsonNode value = node.get(field);
            if (value == null) {
                return "<absent>";
            }
            if (field.endsWith("_at") || field.equals("timestamp")) {
                return String.valueOf(Instant.parse(value.asText()).toEpochMilli());
            }
            return value.asText();
        }).toList()).toList();
    }
}
