package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code replay} command (SPEC section 5): files in, files out, exit status and summary. */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UTC_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final String BUSINESS = "15550001";
    private static final String CUSTOMER = "447700900001";

    /** The three lines of SPEC section 5's example. */
    private static final String[] SPEC_EXAMPLE = {
            "{\"type\":\"inbound_message\",\"event_id\":\"in-1\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":\"2024-05-01T10:00:00Z\"}",
            "{\"type\":\"outbound_send\",\"event_id\":\"out-1\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":\"2024-05-01T10:05:00Z\",\"message_type\":\"free_form\"}",
            "{\"type\":\"outbound_send\",\"event_id\":\"out-2\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":\"2024-05-01T11:00:00Z\",\"message_type\":\"template\",\"category\":\"utility\"}",
    };

    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            assertThat(line).as("output lines are never blank").isNotBlank();
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static String inbound(String eventId, String customer, String timestamp) {
        return "{\"type\":\"inbound_message\",\"event_id\":\"" + eventId + "\",\"business_id\":\"" + BUSINESS
                + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\"" + timestamp + "\"}";
    }

    private static String adClick(String eventId, String customer, String timestamp) {
        return "{\"type\":\"ad_click\",\"event_id\":\"" + eventId + "\",\"business_id\":\"" + BUSINESS
                + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\"" + timestamp + "\",\"ad_id\":\"ad-1\",\"source_type\":\"ad\"}";
    }

    private static String freeForm(String eventId, String customer, String timestamp) {
        return "{\"type\":\"outbound_send\",\"event_id\":\"" + eventId + "\",\"business_id\":\"" + BUSINESS
                + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\"" + timestamp + "\",\"message_type\":\"free_form\"}";
    }

    private static String template(String eventId, String customer, String timestamp, String category) {
        return "{\"type\":\"outbound_send\",\"event_id\":\"" + eventId + "\",\"business_id\":\"" + BUSINESS
                + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\"" + timestamp
                + "\",\"message_type\":\"template\",\"category\":\"" + category + "\"}";
    }

    private static Instant instant(JsonNode node, String field) {
        String text = node.get(field).asText();
        assertThat(text).as(field + " is an ISO-8601 UTC instant").matches(UTC_INSTANT);
        return Instant.parse(text);
    }

    private static JsonNode openedBy(List<JsonNode> opened, String eventId) {
        return opened.stream().filter(c -> c.get("opened_by").asText().equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("no conversation opened by " + eventId + " in " + opened));
    }

    private static List<String> openedByIds(Path file) throws IOException {
        return jsonLines(file).stream().map(c -> c.get("opened_by").asText()).toList();
    }

    // ---- SPEC section 5 example ----

    @Test
    void shouldBillSpecExampleAsServiceAndUtilityConversations() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> opened = jsonLines(output);
        assertThat(opened).hasSize(2);

        JsonNode service = openedBy(opened, "out-1");
        assertThat(service.get("category").asText()).isEqualTo("service");
        assertThat(service.get("business_id").asText()).isEqualTo(BUSINESS);
        assertThat(service.get("customer_id").asText()).isEqualTo(CUSTOMER);
        assertThat(instant(service, "opened_at")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        assertThat(instant(service, "expires_at")).isEqualTo(Instant.parse("2024-05-02T10:05:00Z"));
        assertThat(service.get("billable").isBoolean()).isTrue();
        assertThat(service.get("billable").booleanValue()).isTrue();
        assertThat(service.get("rule").asText()).isEqualTo("S-FREE-FORM");
        assertThat(service.get("conversation_id").asText()).isNotBlank();

        JsonNode utility = openedBy(opened, "out-2");
        assertThat(utility.get("category").asText()).isEqualTo("utility");
        assertThat(utility.get("business_id").asText()).isEqualTo(BUSINESS);
        assertThat(utility.get("customer_id").asText()).isEqualTo(CUSTOMER);
        assertThat(instant(utility, "opened_at")).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        assertThat(instant(utility, "expires_at")).isEqualTo(Instant.parse("2024-05-02T11:00:00Z"));
        assertThat(utility.get("billable").booleanValue()).isTrue();
        assertThat(utility.get("rule").asText()).isEqualTo("S-TEMPLATE");
        assertThat(utility.get("conversation_id").asText()).isNotBlank()
                .isNotEqualTo(service.get("conversation_id").asText());
    }

    @Test
    void shouldWriteUtcInstantsWhenInputUsesOffsetsAndEpochMillis() throws IOException {
        Path input = write("traffic.jsonl",
                inbound("in-1", CUSTOMER, "2024-05-01T12:00:00+02:00"),
                "{\"type\":\"outbound_send\",\"event_id\":\"out-1\",\"business_id\":\"" + BUSINESS + "\",\"customer_id\":\"" + CUSTOMER
                        + "\",\"timestamp\":" + Instant.parse("2024-05-01T10:05:00.250Z").toEpochMilli() + ",\"message_type\":\"free_form\"}");
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode service = openedBy(jsonLines(output), "out-1");
        assertThat(instant(service, "opened_at")).isEqualTo(Instant.parse("2024-05-01T10:05:00.250Z"));
        assertThat(instant(service, "expires_at")).isEqualTo(Instant.parse("2024-05-02T10:05:00.250Z"));
    }

    // ---- ordering ----

    @Test
    void shouldApplyCustomerSideEventFirstWhenTimestampsAreEqualWhateverTheLineOrder() throws IOException {
        // O-ORDER rule 2: a reply stamped in the same second as the customer's message came after it
        Path inboundFirst = write("inbound-first.jsonl",
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"),
                freeForm("out-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path freeFormFirst = write("free-form-first.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:00:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));

        for (Path input : List.of(inboundFirst, freeFormFirst)) {
            Path opened = dir.resolve("opened-" + input.getFileName());
            Path rejected = dir.resolve("rejected-" + input.getFileName());
            CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(), "--rejected", rejected.toString());

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(jsonLines(opened)).as(input.getFileName().toString()).singleElement().satisfies(c -> {
                assertThat(c.get("category").asText()).isEqualTo("service");
                assertThat(c.get("opened_by").asText()).isEqualTo("out-1");
                assertThat(c.get("rule").asText()).isEqualTo("S-FREE-FORM");
            });
            assertThat(jsonLines(rejected)).as(input.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void shouldApplyCustomerSideEventFirstWhenTimestampsAreEqualWhateverTheOrderOfFiles() throws IOException {
        Path inbounds = write("inbounds.jsonl", inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path sends = write("sends.jsonl", freeForm("out-1", CUSTOMER, "2024-05-01T10:00:00Z"));

        Path opened1 = dir.resolve("opened-1.jsonl");
        Path rejected1 = dir.resolve("rejected-1.jsonl");
        CommandRun first = run("replay", "--input", inbounds.toString(), "--input", sends.toString(),
                "--output", opened1.toString(), "--rejected", rejected1.toString());
        Path opened2 = dir.resolve("opened-2.jsonl");
        Path rejected2 = dir.resolve("rejected-2.jsonl");
        CommandRun second = run("replay", "--input", sends.toString(), "--input", inbounds.toString(),
                "--output", opened2.toString(), "--rejected", rejected2.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(openedByIds(opened1)).containsExactly("out-1");
        assertThat(openedByIds(opened2)).containsExactly("out-1");
        assertThat(jsonLines(rejected1)).isEmpty();
        assertThat(jsonLines(rejected2)).isEmpty();
    }

    @Test
    void shouldOpenFreeEntryPointWhenAdClickHasTheTimestampOfTheTemplateBeforeIt() throws IOException {
        Path input = write("traffic.jsonl",
                template("m-1", CUSTOMER, "2024-05-01T10:00:00Z", "marketing"),
                adClick("ad-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).singleElement().satisfies(c -> {
            assertThat(c.get("category").asText()).isEqualTo("free_entry_point");
            assertThat(c.get("rule").asText()).isEqualTo("S-FEP-OPEN");
            assertThat(c.get("billable").booleanValue()).isFalse();
        });
    }

    @Test
    void shouldApplySmallerEventIdFirstWhenBusinessMessagesHaveEqualTimestamps() throws IOException {
        // two marketing templates in the same millisecond: the first in O-ORDER opens the conversation, the other joins it
        Path input = write("traffic.jsonl",
                template("send-b", CUSTOMER, "2024-05-01T10:00:00Z", "marketing"),
                template("send-a", CUSTOMER, "2024-05-01T10:00:00Z", "marketing"));
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(output)).containsExactly("send-a");
    }

    @Test
    void shouldCompareEventIdsAsUtf8BytesWhenUtf16OrderDiffers() throws IOException {
        String halfwidthStop = "\uFF61"; // U+FF61, UTF-8 EF BD A1
        String emoji = "\uD83D\uDE00"; // U+1F600, UTF-8 F0 9F 98 80; its UTF-16 surrogate D83D sorts before FF61
        assertThat(emoji.compareTo(halfwidthStop)).as("UTF-16 order puts the emoji first").isNegative();
        Path input = write("traffic.jsonl",
                template(emoji, CUSTOMER, "2024-05-01T10:00:00Z", "utility"),
                template(halfwidthStop, CUSTOMER, "2024-05-01T10:00:00Z", "utility"));
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(output)).as("UTF-8 byte order puts U+FF61 first").containsExactly(halfwidthStop);
    }

    @Test
    void shouldApplyTheCopyFirstInFileOrderWhenCopiesOfOneEventHaveEqualPositions() throws IOException {
        // same kind, event_id and timestamp: only input order tells them apart; the second copy is a duplicate
        String marketing = template("dup", CUSTOMER, "2024-05-01T10:00:00Z", "marketing");
        String utility = template("dup", CUSTOMER, "2024-05-01T10:00:00Z", "utility");
        Path marketingFirst = write("marketing-first.jsonl", marketing, utility);
        Path utilityFirst = write("utility-first.jsonl", utility, marketing);
        Path marketingOnly = write("marketing-only.jsonl", marketing);
        Path utilityOnly = write("utility-only.jsonl", utility);

        assertThat(categoriesOf(marketingFirst)).containsExactly("marketing");
        assertThat(categoriesOf(utilityFirst)).containsExactly("utility");
        assertThat(categoriesOf(marketingOnly, utilityOnly)).as("files in the order given").containsExactly("marketing");
        assertThat(categoriesOf(utilityOnly, marketingOnly)).as("files in the order given").containsExactly("utility");
    }

    private List<String> categoriesOf(Path... inputs) throws IOException {
        Path output = Files.createTempFile(dir, "opened-", ".jsonl");
        List<String> args = new ArrayList<>(List.of("replay", "--output", output.toString()));
        for (Path input : inputs) {
            args.add("--input");
            args.add(input.toString());
        }
        CommandRun result = run(args.toArray(String[]::new));
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("duplicates dropped\\D*1\\b");
        return jsonLines(output).stream().map(c -> c.get("category").asText()).toList();
    }

    @Test
    void shouldMergeFilesInTimestampOrder() throws IOException {
        // the first file's send is later than the second file's inbound message: timestamp order wins over file order
        Path sends = write("sends.jsonl", freeForm("out-1", CUSTOMER, "2024-05-01T10:05:00Z"));
        Path inbounds = write("inbounds.jsonl", inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path output = dir.resolve("opened.jsonl");
        Path rejected = dir.resolve("rejected.jsonl");

        CommandRun result = run("replay", "--input", sends.toString(), "--input", inbounds.toString(),
                "--output", output.toString(), "--rejected", rejected.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).singleElement().satisfies(c -> {
            assertThat(c.get("opened_by").asText()).isEqualTo("out-1");
            assertThat(instant(c, "opened_at")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        });
        assertThat(jsonLines(rejected)).isEmpty();
    }

    @Test
    void shouldSortLinesOfOneFileByTimestamp() throws IOException {
        Path input = write("traffic.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:05:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path output = dir.resolve("opened.jsonl");
        Path rejected = dir.resolve("rejected.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString(), "--rejected", rejected.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(output)).containsExactly("out-1");
        assertThat(jsonLines(rejected)).isEmpty();
    }

    // ---- blank lines, dead letters, duplicates, rejected sends ----

    @Test
    void shouldSkipBlankLines() throws IOException {
        Path input = dir.resolve("traffic.jsonl");
        Files.writeString(input, "\n" + SPEC_EXAMPLE[0] + "\n\n   \n\t\n" + SPEC_EXAMPLE[1] + "\n \n" + SPEC_EXAMPLE[2] + "\n\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("opened.jsonl");
        Path dead = dir.resolve("dead.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString(), "--dead-letter", dead.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(output)).containsExactlyInAnyOrder("out-1", "out-2");
        assertThat(jsonLines(dead)).isEmpty();
        assertThat(result.out()).containsPattern("dead letters\\D*0\\b");
    }

    @Test
    void shouldWriteDeadLettersWithOriginalLineAndReasonAndStillBillValidLines() throws IOException {
        String notJson = "this is not json";
        String emptyEventId = "{\"type\":\"inbound_message\",\"event_id\":\"\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":1714521600000}";
        String templateWithoutCategory = "{\"type\":\"outbound_send\",\"event_id\":\"x1\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":\"2024-05-01T02:00:00Z\",\"message_type\":\"template\"}";
        String badTimestamp = "{\"type\":\"outbound_send\",\"event_id\":\"x2\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\",\"timestamp\":\"yesterday\",\"message_type\":\"free_form\"}";
        Path input = write("traffic.jsonl",
                emptyEventId,
                SPEC_EXAMPLE[0],
                notJson,
                templateWithoutCategory,
                SPEC_EXAMPLE[1],
                badTimestamp,
                SPEC_EXAMPLE[2]);
        Path output = dir.resolve("opened.jsonl");
        Path dead = dir.resolve("dead.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString(), "--dead-letter", dead.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(output)).containsExactlyInAnyOrder("out-1", "out-2");
        List<JsonNode> deadLetters = jsonLines(dead);
        assertThat(deadLetters).hasSize(4);
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.get("reason").asText()).isNotBlank());
        // each dead letter carries its original line verbatim
        assertThat(Files.readString(dead, StandardCharsets.UTF_8))
                .contains(JSON.writeValueAsString(notJson))
                .contains(JSON.writeValueAsString(emptyEventId))
                .contains(JSON.writeValueAsString(templateWithoutCategory))
                .contains(JSON.writeValueAsString(badTimestamp));
        assertThat(deadLetters).anySatisfy(d -> {
            assertThat(d.toString()).contains(JSON.writeValueAsString(badTimestamp));
            assertThat(d.get("reason").asText()).contains("timestamp");
        });
        assertThat(deadLetters).anySatisfy(d -> {
            assertThat(d.toString()).contains(JSON.writeValueAsString(templateWithoutCategory));
            assertThat(d.get("reason").asText()).contains("category");
        });
        assertThat(deadLetters).anySatisfy(d -> {
            assertThat(d.toString()).contains(JSON.writeValueAsString(emptyEventId));
            assertThat(d.get("reason").asText()).contains("event_id");
        });
        assertThat(result.out()).containsPattern("dead letters\\D*4\\b");
    }

    @Test
    void shouldNotCountDeadLetterAsSeenForDeduplication() throws IOException {
        // out-1 first arrives broken (template without category), then valid: the valid one is billed
        Path input = write("traffic.jsonl",
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"),
                "{\"type\":\"outbound_send\",\"event_id\":\"out-1\",\"business_id\":\"" + BUSINESS + "\",\"customer_id\":\"" + CUSTOMER
                        + "\",\"timestamp\":\"2024-05-01T10:01:00Z\",\"message_type\":\"template\"}",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:05:00Z"));
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).singleElement().satisfies(c -> {
            assertThat(c.get("opened_by").asText()).isEqualTo("out-1");
            assertThat(instant(c, "opened_at")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        });
        assertThat(result.out()).containsPattern("duplicates dropped\\D*0\\b");
    }

    @Test
    void shouldDropDuplicateEventsOfSameKindAndPair() throws IOException {
        // out-1 is rejected (no window); its duplicate after the inbound message must not open a conversation
        Path input = write("traffic.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:00:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T10:01:00Z"),
                freeForm("out-1", CUSTOMER, "2024-05-01T10:02:00Z"),
                template("out-1", CUSTOMER, "2024-05-01T10:03:00Z", "marketing"));
        Path output = dir.resolve("opened.jsonl");
        Path rejected = dir.resolve("rejected.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString(), "--rejected", rejected.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).isEmpty();
        assertThat(jsonLines(rejected)).extracting(r -> r.get("event_id").asText()).containsExactly("out-1");
        assertThat(result.out()).containsPattern("duplicates dropped\\D*2\\b");
    }

    @Test
    void shouldNotDropSameEventIdOfAnotherKindOrAnotherPair() throws IOException {
        String otherCustomer = "447700900002";
        Path input = write("traffic.jsonl",
                inbound("x", CUSTOMER, "2024-05-01T10:00:00Z"),
                freeForm("x", CUSTOMER, "2024-05-01T10:01:00Z"),
                inbound("x", otherCustomer, "2024-05-01T10:02:00Z"),
                freeForm("x", otherCustomer, "2024-05-01T10:03:00Z"));
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).extracting(c -> c.get("customer_id").asText())
                .containsExactlyInAnyOrder(CUSTOMER, otherCustomer);
        assertThat(result.out()).containsPattern("duplicates dropped\\D*0\\b");
    }

    @Test
    void shouldWriteRejectedSends() throws IOException {
        Path input = write("traffic.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:00:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T11:00:00Z"),
                freeForm("out-2", CUSTOMER, "2024-05-02T11:00:00Z")); // exactly at the window's end: closed
        Path output = dir.resolve("opened.jsonl");
        Path rejected = dir.resolve("rejected.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString(), "--rejected", rejected.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(output)).isEmpty();
        List<JsonNode> rejections = jsonLines(rejected);
        assertThat(rejections).extracting(r -> r.get("event_id").asText()).containsExactlyInAnyOrder("out-1", "out-2");
        JsonNode first = rejections.stream().filter(r -> r.get("event_id").asText().equals("out-1")).findFirst().orElseThrow();
        assertThat(first.get("business_id").asText()).isEqualTo(BUSINESS);
        assertThat(first.get("customer_id").asText()).isEqualTo(CUSTOMER);
        assertThat(instant(first, "timestamp")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(first.get("reason").asText()).isEqualTo("customer_service_window_closed");
        assertThat(result.out()).containsPattern("rejected\\D*2\\b");
    }

    // ---- --arrival-order, --voided, --withdrawn ----

    private CommandRun replayArrival(Path input, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("replay", "--input", input.toString(), "--arrival-order",
                "--output", out.resolve("opened.jsonl").toString(), "--rejected", out.resolve("rejected.jsonl").toString(),
                "--dead-letter", out.resolve("dead.jsonl").toString(), "--voided", out.resolve("voided.jsonl").toString(),
                "--withdrawn", out.resolve("withdrawn.jsonl").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** The fields a correction copies from the record it cancels (SPEC section 4), as text. */
    private static List<String> fields(JsonNode node, String... names) {
        return Arrays.stream(names).map(name -> node.get(name) == null ? "<absent>" : node.get(name).asText()).toList();
    }

    @Test
    void shouldGiveDefaultOutputsAndEmptyCorrectionFilesWhenArrivalOrderStreamIsInOrder() throws IOException {
        Path input = write("traffic.jsonl",
                adClick("ad-1", "447700900003", "2024-05-01T09:00:00Z"),
                template("out-4", "447700900003", "2024-05-01T09:10:00Z", "marketing"),
                SPEC_EXAMPLE[0], SPEC_EXAMPLE[1],
                freeForm("out-3", "447700900002", "2024-05-01T10:30:00Z"),
                SPEC_EXAMPLE[2]);
        Path inOrder = Files.createDirectory(dir.resolve("o-order"));
        Path arrival = Files.createDirectory(dir.resolve("arrival"));

        CommandRun byOOrder = run("replay", "--input", input.toString(), "--output", inOrder.resolve("opened.jsonl").toString(),
                "--rejected", inOrder.resolve("rejected.jsonl").toString());
        CommandRun byArrival = replayArrival(input, arrival);

        assertThat(byOOrder.exit()).as(byOOrder.err()).isZero();
        assertThat(byArrival.exit()).as(byArrival.err()).isZero();
        assertThat(Files.readAllLines(arrival.resolve("opened.jsonl"))).hasSize(3)
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(inOrder.resolve("opened.jsonl")));
        assertThat(Files.readAllLines(arrival.resolve("rejected.jsonl"))).hasSize(1)
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(inOrder.resolve("rejected.jsonl")));
        assertThat(arrival.resolve("voided.jsonl")).exists().isEmptyFile();
        assertThat(arrival.resolve("withdrawn.jsonl")).exists().isEmptyFile();
        assertThat(arrival.resolve("dead.jsonl")).exists().isEmptyFile();
        assertThat(byArrival.out()).containsPattern("late events\\D*0\\b").containsPattern("conversations voided\\D*0\\b")
                .containsPattern("rejections withdrawn\\D*0\\b").containsPattern("too late to correct\\D*0\\b");
    }

    @Test
    void shouldWriteEmptyVoidedAndWithdrawnFilesWhenGivenWithoutArrivalOrder() throws IOException {
        // out of order in the file, but the default mode applies O-ORDER: nothing is late, nothing is taken back
        Path input = write("traffic.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:05:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path opened = dir.resolve("opened.jsonl");
        Path rejected = dir.resolve("rejected.jsonl");
        Path voided = dir.resolve("voided.jsonl");
        Path withdrawn = dir.resolve("withdrawn.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(), "--rejected", rejected.toString(),
                "--voided", voided.toString(), "--withdrawn", withdrawn.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(opened)).containsExactly("out-1");
        assertThat(rejected).isEmptyFile();
        assertThat(voided).exists().isEmptyFile();
        assertThat(withdrawn).exists().isEmptyFile();
    }

    @Test
    void shouldWithdrawRejectionWhenLateInboundMessageOpensTheWindowInArrivalOrder() throws IOException {
        // arrival order: the reply comes first (no window yet: rejected), then the customer's earlier message
        Path input = write("traffic.jsonl",
                freeForm("out-1", CUSTOMER, "2024-05-01T10:05:00Z"),
                inbound("in-1", CUSTOMER, "2024-05-01T10:00:00Z"));
        Path out = Files.createDirectory(dir.resolve("out"));

        CommandRun result = replayArrival(input, out);

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> rejected = jsonLines(out.resolve("rejected.jsonl"));
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.get("event_id").asText()).isEqualTo("out-1");
            assertThat(instant(r, "timestamp")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        });
        List<JsonNode> withdrawn = jsonLines(out.resolve("withdrawn.jsonl"));
        assertThat(withdrawn).singleElement().satisfies(w -> {
            assertThat(w.get("withdrawn_by").asText()).isEqualTo("in-1");
            assertThat(instant(w, "timestamp")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
            assertThat(fields(w, "event_id", "business_id", "customer_id", "timestamp", "reason"))
                    .isEqualTo(fields(rejected.get(0), "event_id", "business_id", "customer_id", "timestamp", "reason"));
        });
        assertThat(jsonLines(out.resolve("opened.jsonl"))).singleElement().satisfies(c -> {
            assertThat(c.get("opened_by").asText()).isEqualTo("out-1");
            assertThat(c.get("category").asText()).isEqualTo("service");
            assertThat(instant(c, "opened_at")).isEqualTo(Instant.parse("2024-05-01T10:05:00Z"));
        });
        assertThat(out.resolve("voided.jsonl")).isEmptyFile();
        assertThat(result.out()).containsPattern("late events\\D*1\\b").containsPattern("rejections withdrawn\\D*1\\b")
                .containsPattern("conversations voided\\D*0\\b");
    }

    @Test
    void shouldVoidConversationWhenLateAdClickMakesTheReplyFreeInArrivalOrder() throws IOException {
        Path input = write("traffic.jsonl",
                template("m-1", CUSTOMER, "2024-05-01T10:00:00Z", "marketing"),
                adClick("ad-1", CUSTOMER, "2024-05-01T09:00:00Z"));
        Path out = Files.createDirectory(dir.resolve("out"));

        CommandRun result = replayArrival(input, out);

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> opened = jsonLines(out.resolve("opened.jsonl"));
        assertThat(opened).extracting(c -> c.get("category").asText()).containsExactlyInAnyOrder("marketing", "free_entry_point");
        JsonNode marketing = opened.stream().filter(c -> c.get("category").asText().equals("marketing")).findFirst().orElseThrow();
        String[] conversation = {"conversation_id", "business_id", "customer_id", "category", "opened_at", "expires_at", "billable",
                "opened_by", "rule"};
        assertThat(jsonLines(out.resolve("voided.jsonl"))).singleElement().satisfies(v -> {
            assertThat(v.get("voided_by").asText()).isEqualTo("ad-1");
            assertThat(fields(v, conversation)).isEqualTo(fields(marketing, conversation));
        });
        assertThat(out.resolve("withdrawn.jsonl")).isEmptyFile();
        assertThat(result.out()).containsPattern("late events\\D*1\\b").containsPattern("conversations voided\\D*1\\b");
    }

    @Test
    void shouldDeadLetterEventTooLateToCorrectAndGoOnWhenAnotherPairIsAHorizonAhead() throws IOException {
        // stream time is shared by all pairs: another customer's event more than 7 days ahead makes this one too late
        String other = "447700900002";
        Path input = write("traffic.jsonl",
                inbound("in-1", CUSTOMER, "2024-05-01T00:00:00Z"),
                template("m-1", CUSTOMER, "2024-05-09T02:00:00Z", "marketing"),
                adClick("ad-0", other, "2024-05-01T00:30:00Z"), // 8 days behind stream time
                template("u-2", other, "2024-05-03T00:00:00Z", "utility")); // 6 days behind: billed
        Path out = Files.createDirectory(dir.resolve("out"));

        CommandRun result = replayArrival(input, out);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(out.resolve("dead.jsonl"))).as("the original line, as a contract dead letter (SPEC 4)").singleElement().satisfies(d -> {
            assertThat(d.get("file").asText()).isEqualTo(input.toString());
            assertThat(d.get("line").asInt()).isEqualTo(3);
            assertThat(d.get("reason").asText()).startsWith("too_late");
            assertThat(d.get("input").asText()).isEqualTo(adClick("ad-0", other, "2024-05-01T00:30:00Z"));
        });
        assertThat(openedByIds(out.resolve("opened.jsonl"))).containsExactlyInAnyOrder("m-1", "u-2");
        assertThat(jsonLines(out.resolve("opened.jsonl"))).filteredOn(c -> c.get("opened_by").asText().equals("u-2"))
                .singleElement().satisfies(c -> assertThat(c.get("category").asText()).as("the too-late ad click armed nothing").isEqualTo("utility"));
        assertThat(result.out()).containsPattern("dead letters\\D*1\\b").containsPattern("too late to correct\\D*1\\b");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 10})
    void shouldTakeArrivalOrderAsAFlagWhereverItStands(int position) throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", dir.resolve("opened.jsonl").toString(),
                "--voided", dir.resolve("voided.jsonl").toString(), "--withdrawn", dir.resolve("withdrawn.jsonl").toString(),
                "--rejected", dir.resolve("rejected.jsonl").toString()));
        args.add(position, "--arrival-order"); // first, between two options, last
        args.add(0, "replay");

        CommandRun result = run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(dir.resolve("opened.jsonl"))).containsExactlyInAnyOrder("out-1", "out-2");
        assertThat(dir.resolve("voided.jsonl")).exists().isEmptyFile();
        assertThat(dir.resolve("withdrawn.jsonl")).exists().isEmptyFile();
        assertThat(result.err()).contains("arrival order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--voided", "--withdrawn"})
    void shouldExitWithUsageWhenArrivalOrderLacksACorrectionOutput(String missing) throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        List<String> args = new ArrayList<>(List.of("replay", "--arrival-order", "--input", input.toString(),
                "--output", dir.resolve("opened.jsonl").toString()));
        for (String option : List.of("--voided", "--withdrawn")) {
            if (!option.equals(missing)) {
                args.addAll(List.of(option, dir.resolve(option.substring(2) + ".jsonl").toString()));
            }
        }

        CommandRun result = run(args.toArray(String[]::new));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--arrival-order").contains(missing).contains("usage");
        assertThat(dir.resolve("opened.jsonl")).doesNotExist();
    }

    @Test
    void shouldExitWithUsageWhenArrivalOrderIsGivenAValue() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);

        CommandRun result = run("replay", "--input", input.toString(), "--output", dir.resolve("opened.jsonl").toString(),
                "--voided", dir.resolve("voided.jsonl").toString(), "--withdrawn", dir.resolve("withdrawn.jsonl").toString(),
                "--arrival-order=true");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--arrival-order=true").contains("usage");
    }

    @Test
    void shouldShowArrivalOrderOptionsInUsage() {
        CommandRun result = run();

        assertThat(result.err()).contains("--arrival-order").contains("--voided VOIDED.jsonl").contains("--withdrawn WITHDRAWN.jsonl");
    }

    @Test
    void shouldFailWithOneLineErrorOnMissingInputFileInArrivalOrder() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));

        CommandRun result = replayArrival(dir.resolve("missing-traffic.jsonl"), out);

        assertThat(result.exit()).isNotZero();
        assertOneLineError(result, "missing-traffic.jsonl");
    }

    // ---- errors and usage ----

    @Test
    void shouldFailWithOneLineErrorOnMissingInputFile() throws IOException {
        Path present = write("present.jsonl", SPEC_EXAMPLE);
        Path missing = dir.resolve("missing-traffic.jsonl");
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", present.toString(), "--input", missing.toString(), "--output", output.toString());

        assertThat(result.exit()).isNotZero();
        assertOneLineError(result, "missing-traffic.jsonl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--output", "--rejected", "--dead-letter", "--voided", "--withdrawn"})
    void shouldFailWithOneLineErrorOnOutputInMissingDirectory(String option) throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        Path unwritable = dir.resolve("no-such-dir").resolve("out.jsonl");
        List<String> args = new ArrayList<>(List.of("replay", "--input", input.toString(), "--arrival-order"));
        for (String name : List.of("--output", "--rejected", "--dead-letter", "--voided", "--withdrawn")) {
            args.add(name);
            args.add(name.equals(option) ? unwritable.toString() : dir.resolve(name.substring(2) + ".jsonl").toString());
        }

        CommandRun result = run(args.toArray(String[]::new));

        assertThat(result.exit()).isNotZero();
        assertOneLineError(result, "no-such-dir");
        assertThat(unwritable.getParent()).doesNotExist();
    }

    @Test
    void shouldFailWithOneLineErrorWhenOutputIsADirectory() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        Path directory = Files.createDirectory(dir.resolve("opened-dir"));

        CommandRun result = run("replay", "--input", input.toString(), "--output", directory.toString());

        assertThat(result.exit()).isNotZero();
        assertThat(result.err().strip()).contains("opened-dir").doesNotContain("\n");
    }

    @Test
    void shouldFailWithOneLineErrorWhenWritingTopologyDeadLettersFailsMidRun() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails: "No space left on device"
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        // one event a horizon ahead, then enough too-late events that their dead letters overflow the writer's buffer
        List<String> lines = new ArrayList<>(List.of(inbound("ahead", CUSTOMER, "2024-05-20T00:00:00Z")));
        for (int i = 0; i < 1_000; i++) {
            lines.add(inbound("late-" + i, "4477009" + (10_000 + i), "2024-05-01T00:00:00Z"));
        }
        Path input = write("traffic.jsonl", lines.toArray(String[]::new));

        CommandRun result = run("replay", "--input", input.toString(), "--arrival-order", "--output", dir.resolve("opened.jsonl").toString(),
                "--dead-letter", full.toString(), "--voided", dir.resolve("voided.jsonl").toString(),
                "--withdrawn", dir.resolve("withdrawn.jsonl").toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().lines().reduce((first, second) -> second)).hasValue("convo-meter replay: No space left on device");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--voided", "--withdrawn"})
    void shouldFailWithOneLineErrorWhenCorrectionOutputIsADirectoryWithoutArrivalOrder(String option) throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        Path directory = Files.createDirectory(dir.resolve("correction-dir"));

        CommandRun result = run("replay", "--input", input.toString(), "--output", dir.resolve("opened.jsonl").toString(),
                option, directory.toString());

        assertThat(result.exit()).isNotZero();
        assertOneLineError(result, "correction-dir");
    }

    @Test
    void shouldExitWithUsageWhenOutputIsMissing() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);

        CommandRun result = run("replay", "--input", input.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("usage").contains("--output");
    }

    @Test
    void shouldExitWithUsageWhenInputIsMissing() {
        CommandRun result = run("replay", "--output", dir.resolve("opened.jsonl").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("usage").contains("--input");
        assertThat(dir.resolve("opened.jsonl")).doesNotExist();
    }

    @Test
    void shouldExitWithUsageOnUnknownOption() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);

        CommandRun result = run("replay", "--input", input.toString(), "--output", dir.resolve("o.jsonl").toString(), "--bogus", "x");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("usage").contains("--bogus");
    }

    @Test
    void shouldExitWithUsageOnUnknownCommand() {
        CommandRun result = run("rebill", "--input", "x.jsonl");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("rebill").contains("usage");
    }

    @Test
    void shouldExitWithUsageWithoutCommand() {
        CommandRun result = run();

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("usage").contains("replay");
    }

    @Test
    void shouldRunReplayFromTheTopLevelCommandLine() throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE);
        Path output = dir.resolve("opened.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ConvoMeter.run(new String[] {"replay", "--input", input.toString(), "--output", output.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(openedByIds(output)).containsExactlyInAnyOrder("out-1", "out-2");
    }

    // ---- summary and determinism ----

    @Test
    void shouldPrintSummaryWithCounts() throws IOException {
        String other = "447700900002";
        String third = "447700900003";
        Path input = write("traffic.jsonl",
                SPEC_EXAMPLE[0],
                SPEC_EXAMPLE[1],
                SPEC_EXAMPLE[2],
                SPEC_EXAMPLE[1], // duplicate of out-1
                freeForm("out-3", other, "2024-05-01T10:00:00Z"), // rejected: no window
                adClick("ad-1", third, "2024-05-01T09:00:00Z"),
                template("out-4", third, "2024-05-01T09:10:00Z", "marketing"), // free entry point, not billable
                "{not json");
        Path output = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        String summary = result.out();
        // events read: the 7 valid events (duplicates included; the dead letter is counted on its own)
        assertThat(summary).containsPattern("events read\\D*7\\b");
        assertThat(summary).containsPattern("conversations opened\\D*3\\b");
        assertThat(summary).containsPattern("billable\\D*2\\b");
        assertThat(summary).containsPattern("rejected\\D*1\\b");
        assertThat(summary).containsPattern("dead letters\\D*1\\b");
        assertThat(summary).containsPattern("duplicates dropped\\D*1\\b");
        assertThat(summary).contains("events/s");

        List<JsonNode> opened = jsonLines(output);
        assertThat(opened).hasSize(3);
        JsonNode fep = openedBy(opened, "out-4");
        assertThat(fep.get("category").asText()).isEqualTo("free_entry_point");
        assertThat(fep.get("billable").booleanValue()).isFalse();
        assertThat(fep.get("rule").asText()).isEqualTo("S-FEP-OPEN");
        assertThat(instant(fep, "expires_at")).isEqualTo(Instant.parse("2024-05-04T09:10:00Z"));
    }

    @Test
    void shouldWriteByteIdenticalOutputsWhenSameInputIsReplayedTwice() throws IOException {
        Path input = write("traffic.jsonl",
                SPEC_EXAMPLE[0], SPEC_EXAMPLE[1], SPEC_EXAMPLE[2],
                adClick("ad-1", "447700900003", "2024-05-01T09:00:00Z"),
                template("out-4", "447700900003", "2024-05-01T09:10:00Z", "marketing"),
                freeForm("out-3", "447700900002", "2024-05-01T10:00:00Z"),
                template("out-5", CUSTOMER, "2024-05-03T10:00:00Z", "authentication"),
                "garbage");

        byte[][] first = replayInto("run-1", input);
        byte[][] second = replayInto("run-2", input);

        assertThat(new String(first[0], StandardCharsets.UTF_8)).isNotBlank();
        assertThat(new String(first[1], StandardCharsets.UTF_8)).isNotBlank();
        assertThat(new String(first[2], StandardCharsets.UTF_8)).isNotBlank();
        for (int i = 0; i < first.length; i++) {
            assertThat(Arrays.equals(first[i], second[i])).as("output %d identical", i).isTrue();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode c : JSON.readerFor(JsonNode.class).<JsonNode>readValues(first[0]).readAll()) {
            ids.add(c.get("conversation_id").asText());
        }
        assertThat(ids).hasSize(4).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
    }

    private byte[][] replayInto(String name, Path input) throws IOException {
        Path out = Files.createDirectory(dir.resolve(name));
        Path opened = out.resolve("opened.jsonl");
        Path rejected = out.resolve("rejected.jsonl");
        Path dead = out.resolve("dead.jsonl");
        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(),
                "--rejected", rejected.toString(), "--dead-letter", dead.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        return new byte[][] {Files.readAllBytes(opened), Files.readAllBytes(rejected), Files.readAllBytes(dead)};
    }

    @Test
    void shouldBillTheFirstLineWhenTheFileStartsWithAByteOrderMark() throws IOException {
        Path input = dir.resolve("bom.jsonl");
        Files.writeString(input, "\uFEFF" + String.join("\n", SPEC_EXAMPLE) + "\n", StandardCharsets.UTF_8);
        Path opened = dir.resolve("opened.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString());

        assertThat(result.exit()).isZero();
        assertThat(jsonLines(opened)).extracting(n -> n.get("opened_by").asText()).containsExactlyInAnyOrder("out-1", "out-2");
    }

    @Test
    void shouldDeadLetterLineWithInvalidUtf8AndBillTheOtherLines() throws IOException {
        Path input = dir.resolve("latin1.jsonl");
        byte[] latin1 = inbound("in-\u00e9", CUSTOMER, "2024-05-01T09:00:00Z").getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream out = Files.newOutputStream(input)) {
            out.write((SPEC_EXAMPLE[0] + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(latin1);
            out.write(("\n" + SPEC_EXAMPLE[1] + "\n" + SPEC_EXAMPLE[2] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path opened = dir.resolve("opened.jsonl");
        Path dead = dir.resolve("dead.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(), "--dead-letter", dead.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(opened)).containsExactlyInAnyOrder("out-1", "out-2");
        assertThat(jsonLines(dead)).singleElement().satisfies(d -> {
            assertThat(d.get("line").asInt()).isEqualTo(2);
            assertThat(d.get("reason").asText()).startsWith("not UTF-8");
            assertThat(d.get("input").asText()).contains("\"event_id\":\"in-\uFFFD\"");
        });
    }

    @Test
    void shouldDeadLetterTimestampThatOverflowsADoubleAndBillTheOtherLines() throws IOException {
        assertDeadLetterOnLineTwoAndTheRestBilled(inbound("in-9", CUSTOMER, "x").replace("\"x\"", "1e999"), "timestamp is out of the range");
    }

    @Test
    void shouldDeadLetterEventIdWithAnUnpairedSurrogateAndBillTheOtherLines() throws IOException {
        // valid UTF-8 on disk, but the JSON escape decodes to half a surrogate pair: no UTF-8 form for the outputs
        assertDeadLetterOnLineTwoAndTheRestBilled(freeForm("out-\\ud800", CUSTOMER, "2024-05-01T10:30:00Z"), "event_id is not Unicode");
    }

    /** {@code bad} between the first and second line of the SPEC example: a dead letter of it, the example billed. */
    private void assertDeadLetterOnLineTwoAndTheRestBilled(String bad, String reason) throws IOException {
        Path input = write("traffic.jsonl", SPEC_EXAMPLE[0], bad, SPEC_EXAMPLE[1], SPEC_EXAMPLE[2]);
        Path opened = dir.resolve("opened.jsonl");
        Path dead = dir.resolve("dead.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(), "--dead-letter", dead.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(openedByIds(opened)).containsExactlyInAnyOrder("out-1", "out-2");
        assertThat(jsonLines(dead)).singleElement().satisfies(d -> {
            assertThat(d.get("line").asInt()).isEqualTo(2);
            assertThat(d.get("reason").asText()).startsWith(reason);
            assertThat(d.get("input").asText()).isEqualTo(bad);
        });
    }

    @Test
    void shouldReadBareCarriageReturnAsPartOfTheLineWhenLinesEndWithCrLf() throws IOException {
        // a CR between JSON tokens is whitespace; only LF (or CRLF) ends a JSON Lines line
        String withBareCr = SPEC_EXAMPLE[0].replace(",\"event_id\"", ",\r\"event_id\"");
        Path input = dir.resolve("crlf.jsonl");
        Files.writeString(input, withBareCr + "\r\n" + SPEC_EXAMPLE[1] + "\r\n" + SPEC_EXAMPLE[2] + "\r\n", StandardCharsets.UTF_8);
        Path opened = dir.resolve("opened.jsonl");
        Path dead = dir.resolve("dead.jsonl");

        CommandRun result = run("replay", "--input", input.toString(), "--output", opened.toString(), "--dead-letter", dead.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(jsonLines(dead)).isEmpty();
        assertThat(openedByIds(opened)).containsExactlyInAnyOrder("out-1", "out-2");
    }

    /** One line on stderr that names {@code naming}, and no stack trace. */
    private static void assertOneLineError(CommandRun result, String naming) {
        assertThat(result.err().strip()).contains(naming).doesNotContain("\n").doesNotContain("\r");
        assertThat(result.err()).doesNotContain("Exception");
    }
}
