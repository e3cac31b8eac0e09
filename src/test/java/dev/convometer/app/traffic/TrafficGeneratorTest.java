package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.cli.ConvoMeter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrafficGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Set<String> TYPES = Set.of("inbound_message", "ad_click", "outbound_send");
    private static final Set<String> CATEGORIES = Set.of("marketing", "utility", "authentication");
    private static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "failed");

    private static final int SAMPLE_EVENTS = 20_000;
    private static String sampleText;
    private static List<JsonNode> sample;

    @BeforeAll
    static void generateSample() throws IOException {
        sampleText = generate(500, SAMPLE_EVENTS, 42L);
        sample = new ArrayList<>();
        for (String line : sampleText.split("\n")) {
            sample.add(MAPPER.readTree(line));
        }
    }

    private static String generate(int pairs, long events, long seed) throws IOException {
        StringWriter out = new StringWriter();
        new TrafficGenerator(pairs, events, seed).writeTo(out);
        return out.toString();
    }

    private static String generate(int pairs, long events, long seed, Duration maxLateness) throws IOException {
        StringWriter out = new StringWriter();
        new TrafficGenerator(pairs, events, seed, maxLateness).writeTo(out);
        return out.toString();
    }

    private static final Pattern TIMESTAMP_FIELD = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    /** Event time of every line, in file order. */
    private static long[] eventTimes(String text) {
        return Arrays.stream(text.split("\n")).mapToLong(line -> {
            Matcher m = TIMESTAMP_FIELD.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            return Instant.parse(m.group(1)).toEpochMilli();
        }).toArray();
    }

    private static List<String> sortedLines(String text) {
        return Arrays.stream(text.split("\n")).sorted().toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String pairOf(JsonNode node) {
        return text(node, "business_id") + "/" + text(node, "customer_id");
    }

    // ------------------------------------------------------------------ size and determinism

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 7, 100, 3_333})
    void shouldWriteExactlyRequestedLinesWhenGenerating(long events) throws IOException {
        String text = generate(50, events, 7L);

        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(events);
        if (events > 0) {
            assertThat(text).endsWith("}\n");
            assertThat(text.split("\n", -1)).hasSize((int) events + 1)
                    .allSatisfy(line -> assertThat(line.isEmpty() || line.startsWith("{")).isTrue());
        } else {
            assertThat(text).isEmpty();
        }
    }

    @Test
    void shouldProduceIdenticalOutputWhenSeedIsTheSame() throws IOException {
        assertThat(generate(500, SAMPLE_EVENTS, 42L)).isEqualTo(sampleText);
    }

    @Test
    void shouldProduceDifferentOutputWhenSeedDiffers() throws IOException {
        assertThat(generate(500, SAMPLE_EVENTS, 43L)).isNotEqualTo(sampleText);
    }

    @Test
    void shouldProduceDifferentOutputWhenPairCountDiffers() throws IOException {
        assertThat(generate(501, SAMPLE_EVENTS, 42L)).isNotEqualTo(sampleText);
    }

    // ------------------------------------------------------------------ added lateness (--max-lateness)

    @Test
    void shouldWriteTheSameBytesAsWithoutTheOptionWhenMaxLatenessIsZero() throws IOException {
        assertThat(generate(500, SAMPLE_EVENTS, 42L, Duration.ZERO)).isEqualTo(sampleText);
        assertThat(generate(500, SAMPLE_EVENTS, 42L, Duration.ofNanos(999_999))).as("under a millisecond").isEqualTo(sampleText);

        CliResult without = cli("--pairs", "40", "--events", "3000", "--seed", "5");
        CliResult zero = cli("--pairs", "40", "--events", "3000", "--seed", "5", "--max-lateness", "PT0S");
        assertThat(zero.exitCode()).isZero();
        assertThat(zero.err()).isEmpty();
        assertThat(zero.out()).isEqualTo(without.out()).isEqualTo(generate(40, 3000, 5));
    }

    @Test
    void shouldKeepTheGenerationOrderWhenMaxLatenessIsBelowTheGapBetweenSlots() throws IOException {
        // slots of the sample are 21.6 s apart: a smaller delay cannot reorder lines, so the held-back,
        // sorted path must give the very same bytes
        TrafficGenerator generator = new TrafficGenerator(500, SAMPLE_EVENTS, 42L);
        long gap = generator.slotTime(1) - generator.slotTime(0);
        assertThat(gap).isEqualTo(21_600L);

        assertThat(generate(500, SAMPLE_EVENTS, 42L, Duration.ofMillis(gap - 1))).isEqualTo(sampleText);
    }

    @Test
    void shouldProduceIdenticalOutputWhenSeedAndMaxLatenessAreTheSame() throws IOException {
        String first = generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(2));

        assertThat(generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(2))).isEqualTo(first);
        CliResult result = cli("--pairs", "500", "--events", String.valueOf(SAMPLE_EVENTS), "--seed", "42", "--max-lateness=P2D");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(first);
    }

    @Test
    void shouldProduceDifferentOutputWhenSeedDiffersWithMaxLateness() throws IOException {
        String seed42 = generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(2));

        assertThat(generate(500, SAMPLE_EVENTS, 43L, Duration.ofDays(2))).isNotEqualTo(seed42);
        assertThat(generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(1))).as("other lateness, other order")
                .isNotEqualTo(seed42);
    }

    @Test
    void shouldWriteExactlyTheUnshiftedLinesWhenMaxLatenessIsTwoDays() throws IOException {
        String shifted = generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(2));

        assertThat(shifted).isNotEqualTo(sampleText).endsWith("}\n");
        assertThat(shifted.chars().filter(c -> c == '\n').count()).isEqualTo(SAMPLE_EVENTS);
        assertThat(sortedLines(shifted)).isEqualTo(sortedLines(sampleText));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 31, 32, 33, 1_000})
    void shouldWriteExactlyTheUnshiftedLinesWhenEventCountIsSmall(long events) throws IOException {
        String shifted = generate(20, events, 3L, Duration.ofHours(12));

        assertThat(shifted.chars().filter(c -> c == '\n').count()).isEqualTo(events);
        assertThat(sortedLines(shifted)).isEqualTo(sortedLines(generate(20, events, 3L)));
    }

    @Test
    void shouldNotBeInTimestampOrderWhenMaxLatenessIsTwoDays() throws IOException {
        long[] before = eventTimes(sampleText);
        long[] after = eventTimes(generate(500, SAMPLE_EVENTS, 42L, Duration.ofDays(2)));

        assertThat((double) backwardSteps(before) / before.length).isLessThan(0.1);
        assertThat((double) backwardSteps(after) / after.length).as("lines stamped earlier than the line before them")
                .isGreaterThan(0.3);
        assertThat(worstLag(after)).as("some line arrives more than a day after a later event")
                .isGreaterThan(Duration.ofDays(1).toMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT10M", "PT6H", "P2D", "P9D"})
    void shouldKeepEveryLineWithinMaxLatenessOfTheLinesBeforeItWhenShifted(String lateness) throws IOException {
        // the generator's own disorder, measured on the unshifted output against each line's slot:
        // duplicates re-emit an event up to ~1000 lines back, late lines are up to 90 s early, jitter is late
        long[] unshifted = eventTimes(sampleText);
        TrafficGenerator generator = new TrafficGenerator(500, SAMPLE_EVENTS, 42L);
        long ownEarly = 0;
        long ownLate = 0;
        for (int i = 0; i < unshifted.length; i++) {
            long slot = generator.slotTime(i);
            ownEarly = Math.max(ownEarly, slot - unshifted[i]);
            ownLate = Math.max(ownLate, unshifted[i] - slot);
        }
        assertThat(ownLate).isLessThanOrEqualTo(5_000L);
        assertThat(ownEarly).isLessThan(Duration.ofHours(12).toMillis());
        long maxLateness = Duration.parse(lateness).toMillis();

        long[] shifted = eventTimes(generate(500, SAMPLE_EVENTS, 42L, Duration.parse(lateness)));

        long latestBefore = Long.MIN_VALUE;
        for (int i = 0; i < shifted.length; i++) {
            if (i > 0) {
                assertThat(shifted[i]).as("line %d", i + 1)
                        .isGreaterThanOrEqualTo(latestBefore - maxLateness - ownEarly - ownLate);
            }
            latestBefore = Math.max(latestBefore, shifted[i]);
        }
        assertThat(worstLag(shifted)).as("the delays reach most of the range")
                .isGreaterThan(Math.min(maxLateness, generator.spanMs) / 2);
    }

    @Test
    void shouldSortStablyByKeyWhenOrderingArrivals() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 64, 65, 1_000, 100_003}) {
            for (long range : new long[] {1, 5, 1_000, Long.MAX_VALUE}) {
                long[] keys = random.longs(n, 0, range).toArray();
                long[] original = keys.clone();
                List<Integer> expected = IntStream.range(0, n).boxed()
                        .sorted(Comparator.comparingLong(i -> original[i])) // List.sort is stable
                        .toList();

                int[] order = DelayedLines.stableOrder(keys, n);

                assertThat(order).as("n=%d range=%d", n, range)
                        .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    @Test
    void shouldRejectInvalidMaxLatenessWhenConstructing() {
        assertThatThrownBy(() -> new TrafficGenerator(10, 10, 1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new TrafficGenerator(10, 10, 1, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> new TrafficGenerator(10, TrafficGenerator.MAX_DELAYED_EVENTS + 1, 1, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events");
        // without added lateness nothing is held in memory: no limit
        new TrafficGenerator(10, TrafficGenerator.MAX_DELAYED_EVENTS + 1, 1, Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--max-lateness 2d", "--max-lateness P2", "--max-lateness 48h", "--max-lateness P2DT",
        "--max-lateness -PT1H", "--max-lateness PT-90M", "--max-lateness -P2D", "--max-lateness",
        "--max-lateness=", "--max-lateness P2D --max-lateness P1D", "--max-lateness P999999999999999D",
        "--max-lateness PT9223372036854775807S",
        "--events 600000000 --max-lateness P1D"})
    void shouldExitWithCodeTwoAndOneLineErrorWhenMaxLatenessIsInvalid(String args) {
        CliResult result = cli(args.split(" "));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isNotBlank().endsWith(System.lineSeparator());
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("convo-meter generate: ")
                .containsPattern("max.lateness");
    }

    @Test
    void shouldDocumentMaxLatenessWhenAskedForHelp() {
        CliResult result = cli("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("[--max-lateness DURATION]").contains("P2D");
    }

    private static int backwardSteps(long[] times) {
        int backwards = 0;
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                backwards++;
            }
        }
        return backwards;
    }

    /** Largest amount by which a line is stamped earlier than some line before it. */
    private static long worstLag(long[] times) {
        long latest = Long.MIN_VALUE;
        long worst = 0;
        for (long t : times) {
            if (latest != Long.MIN_VALUE) {
                worst = Math.max(worst, latest - t);
            }
            latest = Math.max(latest, t);
        }
        return worst;
    }

    // ------------------------------------------------------------------ contract of every line

    @Test
    void shouldWriteOnlyContractValidEventsWhenParsingEveryLine() {
        assertThat(sample).hasSize(SAMPLE_EVENTS).allSatisfy(event -> {
            assertThat(event.isObject()).isTrue();
            assertThat(text(event, "type")).isIn(TYPES);
            for (String field : List.of("event_id", "business_id", "customer_id", "timestamp")) {
                assertThat(event.get(field)).as(field + " in " + event).isNotNull();
                assertThat(event.get(field).isTextual()).as(field + " in " + event).isTrue();
                assertThat(event.get(field).asText()).as(field + " in " + event).isNotBlank();
            }
            assertThat(text(event, "business_id")).matches("1555000\\d{4}");
            assertThat(text(event, "customer_id")).matches("4477009\\d{5}");
            assertThat(text(event, "timestamp")).matches(TIMESTAMP);
            Instant ts = Instant.parse(text(event, "timestamp"));
            assertThat(ts).isBetween(START, START.plus(Duration.ofDays(6)));
            switch (text(event, "type")) {
                case "inbound_message":
                    if (event.has("referral")) {
                        JsonNode referral = event.get("referral");
                        assertThat(text(referral, "source_type")).isEqualTo("ad");
                        assertThat(text(referral, "source_id")).isNotBlank();
                        assertThat(text(referral, "ctwa_clid")).isNotBlank();
                    }
                    break;
                case "ad_click":
                    assertThat(text(event, "source_type")).isIn("ad", "post");
                    assertThat(text(event, "ad_id")).isNotBlank();
                    assertThat(text(event, "ctwa_clid")).isNotBlank();
                    break;
                default:
                    assertThat(text(event, "message_type")).isIn("template", "free_form");
                    if (event.has("status")) {
                        assertThat(text(event, "status")).isIn(STATUSES);
                    }
                    break;
            }
        });
    }

    @Test
    void shouldAlwaysGiveTemplatesACategoryWhenGenerating() {
        List<JsonNode> templates = sample.stream()
                .filter(e -> "template".equals(text(e, "message_type")))
                .toList();

        assertThat(templates).isNotEmpty()
                .allSatisfy(t -> assertThat(text(t, "category")).isIn(CATEGORIES));
        assertThat(sample.stream().filter(e -> "free_form".equals(text(e, "message_type"))))
                .allSatisfy(f -> assertThat(f.has("category")).isFalse());
    }

    // ------------------------------------------------------------------ realistic mix

    @Test
    void shouldMixAllTypesInRealisticProportionsWhenGenerating() {
        Map<String, Long> byType = new HashMap<>();
        sample.forEach(e -> byType.merge(text(e, "type"), 1L, Long::sum));
        double n = sample.size();

        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(TYPES);
        assertThat(byType.get("inbound_message") / n).isBetween(0.30, 0.40);
        assertThat(byType.get("ad_click") / n).isBetween(0.03, 0.07);
        assertThat(byType.get("outbound_send") / n).isBetween(0.55, 0.65);

        List<JsonNode> inbound = sample.stream().filter(e -> "inbound_message".equals(text(e, "type"))).toList();
        long withReferral = inbound.stream().filter(e -> e.has("referral")).count();
        assertThat((double) withReferral / inbound.size()).isBetween(0.05, 0.15);

        List<JsonNode> outbound = sample.stream().filter(e -> "outbound_send".equals(text(e, "type"))).toList();
        long templates = outbound.stream().filter(e -> "template".equals(text(e, "message_type"))).count();
        assertThat((double) templates / outbound.size()).isBetween(0.45, 0.65);
        long failed = outbound.stream().filter(e -> "failed".equals(text(e, "status"))).count();
        assertThat((double) failed / outbound.size()).isBetween(0.01, 0.06);
        long withoutStatus = outbound.stream().filter(e -> !e.has("status")).count();
        assertThat((double) withoutStatus / outbound.size()).isBetween(0.4, 0.7);

        Set<String> categories = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        Set<String> adSources = new HashSet<>();
        sample.forEach(e -> {
            if (e.has("category")) {
                categories.add(text(e, "category"));
            }
            if (e.has("status")) {
                statuses.add(text(e, "status"));
            }
            if ("ad_click".equals(text(e, "type"))) {
                adSources.add(text(e, "source_type"));
            }
        });
        assertThat(categories).isEqualTo(CATEGORIES);
        assertThat(statuses).isEqualTo(STATUSES);
        assertThat(adSources).containsExactlyInAnyOrder("ad", "post");
    }

    @Test
    void shouldReEmitAboutOnePercentAsDuplicatesWhenGenerating() {
        Map<String, JsonNode> firstById = new HashMap<>();
        int duplicates = 0;
        int laterStatus = 0;
        for (JsonNode event : sample) {
            JsonNode first = firstById.putIfAbsent(text(event, "event_id"), event);
            if (first == null) {
                continue;
            }
            duplicates++;
            assertThat(text(event, "type")).isEqualTo(text(first, "type"));
            assertThat(pairOf(event)).isEqualTo(pairOf(first));
            assertThat(text(event, "message_type")).isEqualTo(text(first, "message_type"));
            assertThat(text(event, "category")).isEqualTo(text(first, "category"));
            if (event.equals(first)) {
                continue;
            }
            // otherwise: a later status report of the same business message
            assertThat(text(event, "type")).isEqualTo("outbound_send");
            assertThat(text(event, "status")).isEqualTo("read");
            assertThat(Instant.parse(text(event, "timestamp"))).isAfter(Instant.parse(text(first, "timestamp")));
            laterStatus++;
        }

        assertThat((double) duplicates / sample.size()).isBetween(0.005, 0.015);
        assertThat(laterStatus).isPositive().isLessThan(duplicates);
        assertThat(firstById).hasSize(sample.size() - duplicates);
    }

    @Test
    void shouldSpreadOverSeveralDaysMostlyInOrderWhenGenerating() {
        List<Instant> times = sample.stream().map(e -> Instant.parse(text(e, "timestamp"))).toList();
        int backwards = 0;
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i).isBefore(times.get(i - 1))) {
                backwards++;
            }
        }
        Instant first = times.stream().min(Comparator.naturalOrder()).orElseThrow();
        Instant last = times.stream().max(Comparator.naturalOrder()).orElseThrow();

        assertThat(first).isBetween(START, START.plusSeconds(60));
        assertThat(Duration.between(first, last)).isGreaterThan(Duration.ofDays(4));
        assertThat(backwards).isPositive();
        assertThat((double) backwards / times.size()).isLessThan(0.1);
    }

    @Test
    void shouldDrawFromRequestedDistinctPairsWithSkewWhenGenerating() {
        Map<String, Long> perPair = new HashMap<>();
        Set<String> businesses = new HashSet<>();
        sample.forEach(e -> {
            perPair.merge(pairOf(e), 1L, Long::sum);
            businesses.add(text(e, "business_id"));
        });
        List<Long> counts = perPair.values().stream().sorted(Comparator.reverseOrder()).toList();
        long busiestTenth = counts.subList(0, 50).stream().mapToLong(Long::longValue).sum();

        assertThat(perPair.size()).isBetween(400, 500);
        assertThat(businesses.size()).isBetween(20, 40);
        assertThat((double) busiestTenth / sample.size()).as("share of the busiest 10%% of pairs").isGreaterThan(0.2);
    }

    @Test
    void shouldUseExactlyOnePairWhenOnlyOnePairIsRequested() throws IOException {
        Set<String> pairs = new HashSet<>();
        for (String line : generate(1, 2_000, 3L).split("\n")) {
            pairs.add(pairOf(MAPPER.readTree(line)));
        }

        assertThat(pairs).hasSize(1);
    }

    @Test
    void shouldPutMostButNotAllFreeFormRepliesInsideTheServiceWindow() {
        // replay's view: timestamp order (stable), first delivery of each event id only, CSW = 24 h
        List<JsonNode> ordered = new ArrayList<>(sample);
        ordered.sort(Comparator.comparing(e -> Instant.parse(text(e, "timestamp"))));
        Map<String, Instant> windowEnd = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int inside = 0;
        int outside = 0;
        for (JsonNode event : ordered) {
            if (!seen.add(text(event, "event_id"))) {
                continue;
            }
            Instant ts = Instant.parse(text(event, "timestamp"));
            String pair = pairOf(event);
            if (!"outbound_send".equals(text(event, "type"))) {
                windowEnd.merge(pair, ts.plus(Duration.ofHours(24)), (a, b) -> a.isAfter(b) ? a : b);
            } else if ("free_form".equals(text(event, "message_type"))) {
                Instant end = windowEnd.get(pair);
                if (end != null && ts.isBefore(end)) {
                    inside++;
                } else {
                    outside++;
                }
            }
        }

        assertThat(inside + outside).isGreaterThan(SAMPLE_EVENTS / 5);
        assertThat((double) inside / (inside + outside)).isBetween(0.85, 0.99);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-05-01T00:00:00Z", "2024-05-01T10:00:00.123Z", "2024-02-29T23:59:59.999Z", "2023-12-31T23:59:59.001Z",
        "2000-02-29T12:00:00.010Z", "2100-03-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.900Z"})
    void shouldFormatInstantsAsUtcWithMillisecondsWhenWritingTimestamps(String iso) {
        Instant instant = Instant.parse(iso);
        StringBuilder formatted = new StringBuilder();

        UtcTimestamps.appendInstant(formatted, instant.toEpochMilli());

        assertThat(formatted.toString()).matches(TIMESTAMP);
        assertThat(Instant.parse(formatted)).isEqualTo(instant);
    }

    // ------------------------------------------------------------------ validation and CLI

    @Test
    void shouldRejectInvalidArgumentsWhenConstructing() {
        assertThatThrownBy(() -> new TrafficGenerator(0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
        assertThatThrownBy(() -> new TrafficGenerator(10, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events");
    }

    private record CliResult(int exitCode, String out, String err) {}

    private static CliResult cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "generate";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = ConvoMeter.run(command,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteSameLinesAsWriteToWhenRunFromCommandLine() throws IOException {
        CliResult result = cli("--pairs", "30", "--events", "250", "--seed", "9");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo(generate(30, 250, 9));
    }

    @Test
    void shouldUseDefaultPairsAndSeedWhenOnlyEventsIsGiven() throws IOException {
        CliResult result = cli("--events=40");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(generate(1000, 40, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--pairs abc", "--pairs", "--pairs 0", "--pairs -3", "--pairs 99999999999",
        "--events -5", "--events 1.5", "--seed x", "--bogus 1", "generate", "--events= --pairs 3"})
    void shouldExitWithCodeTwoAndOneLineErrorWhenArgumentsAreInvalid(String args) {
        CliResult result = cli(args.split(" "));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isNotBlank().endsWith(System.lineSeparator());
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("convo-meter generate: ");
    }
}
