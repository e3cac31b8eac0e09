package dev.convometer.app.replay;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worked scenario (copied from the shared scenarios into test resources) replayed through the topology, with the
 * replay's in-memory stores and with the streaming service's RocksDB stores, compared as tools/check-scenarios compares
 * them (SPEC section 6). A scenario with a file {@code arrival-order} is replayed in arrival order (replay
 * --arrival-order) and also expects its voided conversations, withdrawn rejections and dead-letter reasons.
 */
class ScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OPENED_FIELDS =
            List.of("business_id", "customer_id", "category", "opened_at", "expires_at", "billable", "opened_by", "rule");
    private static final List<String> VOIDED_FIELDS = with(OPENED_FIELDS, "voided_by");
    private static final List<String> REJECTED_FIELDS = List.of("event_id", "business_id", "customer_id", "reason");
    /** In arrival order a correction cancels a record by every field, so the timestamp of a rejection counts. */
    private static final List<String> REJECTED_AT_FIELDS = with(REJECTED_FIELDS, "timestamp");
    private static final List<String> WITHDRAWN_FIELDS = with(REJECTED_AT_FIELDS, "withdrawn_by");

    private record Outputs(List<JsonNode> opened, List<JsonNode> rejected, List<JsonNode> voided, List<JsonNode> withdrawn,
                           List<String> deadReasons) {
    }

    static Stream<Arguments> scenarios() throws IOException, URISyntaxException {
        List<Arguments> all = new ArrayList<>();
        for (Path dir : scenarioDirs()) {
            for (BillingSettings.Storage storage : BillingSettings.Storage.values()) {
                all.add(Arguments.of(dir.getFileName().toString(), storage, dir));
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(21 * 2);
        return all.stream();
    }

    /** Arrival-order scenarios in which nothing is too late: their net result is the O-ORDER result. */
    static Stream<Arguments> arrivalScenariosWithoutDeadLetters() throws IOException, URISyntaxException {
        List<Arguments> all = new ArrayList<>();
        for (Path dir : scenarioDirs()) {
            if (arrivalOrder(dir) && !Files.exists(dir.resolve("dead-reasons.txt"))) {
                for (BillingSettings.Storage storage : BillingSettings.Storage.values()) {
                    all.add(Arguments.of(dir.getFileName().toString(), storage, dir));
                }
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(5 * 2);
        return all.stream();
    }

    private static List<Path> scenarioDirs() throws IOException, URISyntaxException {
        Path root = Path.of(ScenariosTest.class.getResource("/scenarios").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.exists(d.resolve("input.jsonl"))).sorted().toList();
        }
    }

    private static boolean arrivalOrder(Path dir) {
        return Files.exists(dir.resolve("arrival-order"));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("scenarios")
    void shouldGiveExpectedOutputsWhenScenarioReplayed(String name, BillingSettings.Storage storage, Path dir) throws IOException {
        if (arrivalOrder(dir)) {
            checkArrival(dir, replay(dir, storage, Replay.Order.ARRIVAL));
        } else {
            checkOOrder(dir, replay(dir, storage, Replay.Order.O_ORDER));
        }
    }

    /**
     * SPEC 3a L-CORRECT: the conversations opened minus those voided, and the rejections minus those withdrawn, are the
     * result of applying the events in O-ORDER, that is, what the default mode gives.
     */
    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("arrivalScenariosWithoutDeadLetters")
    void shouldNetToTheOOrderResultWhenArrivalOrderScenarioHasNothingTooLate(String name, BillingSettings.Storage storage, Path dir)
            throws IOException {
        Outputs arrival = replay(dir, storage, Replay.Order.ARRIVAL);
        Outputs oOrder = replay(dir, storage, Replay.Order.O_ORDER);

        assertThat(minus(project(arrival.opened(), OPENED_FIELDS), project(arrival.voided(), OPENED_FIELDS)))
                .as("%s: opened minus voided", name)
                .containsExactlyInAnyOrderElementsOf(project(oOrder.opened(), OPENED_FIELDS));
        assertThat(minus(project(arrival.rejected(), REJECTED_AT_FIELDS), project(arrival.withdrawn(), REJECTED_AT_FIELDS)))
                .as("%s: rejected minus withdrawn", name)
                .containsExactlyInAnyOrderElementsOf(project(oOrder.rejected(), REJECTED_AT_FIELDS));
        assertThat(oOrder.voided()).isEmpty();
        assertThat(oOrder.withdrawn()).isEmpty();
    }

    private static Outputs replay(Path dir, BillingSettings.Storage storage, Replay.Order order) throws IOException {
        StringWriter opened = new StringWriter();
        StringWriter rejected = new StringWriter();
        StringWriter dead = new StringWriter();
        StringWriter voided = new StringWriter();
        StringWriter withdrawn = new StringWriter();

        new Replay(BillingSettings.DEFAULTS.withStorage(storage), new PrintStream(OutputStream.nullOutputStream()))
                .run(List.of(dir.resolve("input.jsonl")), new Replay.Outputs(opened, rejected, dead, voided, withdrawn), order);

        List<String> reasons = new ArrayList<>();
        for (JsonNode deadLetter : lines(dead.toString())) {
            JsonNode reason = deadLetter.get("reason");
            reasons.add(reason == null || reason.isNull() ? "" : reason.isTextual() ? reason.textValue() : reason.toString());
        }
        return new Outputs(lines(opened.toString()), lines(rejected.toString()), lines(voided.toString()), lines(withdrawn.toString()),
                reasons);
    }

    /** check-scenarios' default mode: conversations and rejections as expected, every conversation_id given and unique. */
    private static void checkOOrder(Path dir, Outputs got) throws IOException {
        assertThat(project(got.opened(), OPENED_FIELDS)).as("%s: opened", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "opened.jsonl"), OPENED_FIELDS));
        assertThat(project(got.rejected(), REJECTED_FIELDS)).as("%s: rejected", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "rejected.jsonl"), REJECTED_FIELDS));
        assertThat(got.opened()).extracting(n -> text(n, "conversation_id")).as("%s: conversation ids", dir.getFileName())
                .doesNotHaveDuplicates().allMatch(id -> id != null && !id.isBlank());
    }

    /**
     * check-scenarios' arrival mode: opened, voided (with voided_by), rejected (with timestamp), withdrawn (with
     * withdrawn_by) as expected; one conversation_id per distinct conversation, and a voided conversation carries the id
     * of the conversation it cancels; the dead letters' reasons match the expected ones one to one.
     */
    private static void checkArrival(Path dir, Outputs got) throws IOException {
        assertThat(project(got.opened(), OPENED_FIELDS)).as("%s: opened", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "opened.jsonl"), OPENED_FIELDS));
        assertThat(project(got.voided(), VOIDED_FIELDS)).as("%s: voided", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "voided.jsonl"), VOIDED_FIELDS));
        assertThat(project(got.rejected(), REJECTED_AT_FIELDS)).as("%s: rejected", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "rejected.jsonl"), REJECTED_AT_FIELDS));
        assertThat(project(got.withdrawn(), WITHDRAWN_FIELDS)).as("%s: withdrawn", dir.getFileName())
                .containsExactlyInAnyOrderElementsOf(project(expected(dir, "withdrawn.jsonl"), WITHDRAWN_FIELDS));

        Map<String, Set<List<String>>> conversationsById = new HashMap<>();
        for (JsonNode conversation : got.opened()) {
            String id = text(conversation, "conversation_id");
            assertThat(id).as("conversation_id of %s", conversation).isNotNull().isNotEmpty();
            conversationsById.computeIfAbsent(id, k -> new HashSet<>()).add(project(conversation, OPENED_FIELDS));
        }
        assertThat(conversationsById).as("%s: conversation ids shared by different conversations", dir.getFileName())
                .allSatisfy((id, conversations) -> assertThat(conversations).hasSize(1));
        for (JsonNode voided : got.voided()) {
            assertThat(conversationsById.getOrDefault(text(voided, "conversation_id"), Set.of()))
                    .as("voided conversation_id %s is the id of the conversation it cancels", text(voided, "conversation_id"))
                    .contains(project(voided, OPENED_FIELDS));
        }

        Path reasonsFile = dir.resolve("dead-reasons.txt");
        List<String> wantReasons = Files.exists(reasonsFile)
                ? Files.readAllLines(reasonsFile).stream().map(String::strip).filter(l -> !l.isEmpty()).toList()
                : List.of();
        assertThat(unmatchedReasons(got.deadReasons(), wantReasons))
                .as("%s: dead letters %s against expected reasons %s: unmatched", dir.getFileName(), got.deadReasons(), wantReasons).isEmpty();
        assertThat(got.deadReasons()).as("%s: dead letters", dir.getFileName()).hasSameSizeAs(wantReasons);
    }

    /**
     * Each expected reason must be a substring of the reason of its own dead letter (a one-to-one matching, found with
     * augmenting paths as check-scenarios does); returns the expected reasons left without a dead letter.
     */
    private static List<String> unmatchedReasons(List<String> got, List<String> want) {
        int[] owner = new int[got.size()];
        java.util.Arrays.fill(owner, -1);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < want.size(); i++) {
            if (!place(i, got, want, owner, new boolean[got.size()])) {
                missing.add(want.get(i));
            }
        }
        return missing;
    }

    private static boolean place(int i, List<String> got, List<String> want, int[] owner, boolean[] seen) {
        for (int j = 0; j < got.size(); j++) {
            if (got.get(j).contains(want.get(i)) && !seen[j]) {
                seen[j] = true;
                if (owner[j] < 0 || place(owner[j], got, want, owner, seen)) {
                    owner[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    /** Multiset difference. */
    private static List<List<String>> minus(List<List<String>> from, List<List<String>> taken) {
        List<List<String>> rest = new ArrayList<>(from);
        for (List<String> record : taken) {
            assertThat(rest.remove(record)).as("%s taken back but never emitted", record).isTrue();
        }
        return rest;
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<List<String>> project(List<JsonNode> nodes, List<String> fields) {
        return nodes.stream().map(node -> project(node, fields)).toList();
    }

    /** Compares instants by value, whatever their notation (".000Z" or "Z", or epoch milliseconds). */
    private static List<String> project(JsonNode node, List<String> fields) {
        return fields.stream().map(field -> {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return "<absent>";
            }
            if (field.endsWith("_at") || field.equals("timestamp")) {
                return String.valueOf(value.isNumber() ? value.asLong() : Instant.parse(value.asText()).toEpochMilli());
            }
            return value.asText();
        }).toList();
    }

    private static List<String> with(List<String> fields, String field) {
        List<String> all = new ArrayList<>(fields);
        all.add(field);
        return List.copyOf(all);
    }
}
