package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.traffic.TrafficGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code generate --start --days --accounts-out}: the period of event time and the business accounts of the traffic. */
class GenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final Pattern BUSINESS = Pattern.compile("\"business_id\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    private record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private static Result generate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "generate";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = ConvoMeter.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void shouldWriteTheBytesOfTheReleaseBeforeTheOptionsWhenNoneIsGiven() throws Exception {
        // digests of the output of main (8db30c9) before --start, --days and --accounts-out existed
        assertThat(sha256(generate().out())).isEqualTo("caf794d126d2bb8607b604bdaee33047075b36d32d531e298713ff88a015fca3");
        assertThat(sha256(generate("--pairs", "40", "--events", "3000", "--seed", "5", "--max-lateness", "P2D").out()))
                .isEqualTo("d68b82dbc0727bcfa6cc218c0172b6af17d858d7cb58b53a19b0d76b37428363");
        assertThat(sha256(generate("--pairs", "7", "--events", "5000", "--seed", "9", "--start", "2024-05-01T00:00:00Z",
                "--days", "5", "--accounts-out", dir.resolve("a.jsonl").toString()).out()))
                .as("the defaults given explicitly, accounts written")
                .isEqualTo("dd035f7f2c4f860702101bd271f5c8654e87babf820812b928e5a5d445161cfb");
    }

    @Test
    void shouldWriteTheSameBytesWhenTheArgumentsAreTheSame() throws IOException {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        String[] common = {"--pairs", "300", "--events", "20000", "--seed", "3", "--start", "2025-06-28T00:00:00Z", "--days", "7"};

        Result a = generate(with(common, "--accounts-out", first.toString()));
        Result b = generate(with(common, "--accounts-out", second.toString()));

        assertThat(a.exit()).isZero();
        assertThat(a.err()).isEmpty();
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(Files.readAllBytes(second)).isNotEmpty().isEqualTo(Files.readAllBytes(first));
        assertThat(generate(with(common, "--seed", "4")).out()).isNotEqualTo(a.out());
    }

    private static String[] with(String[] args, String... more) {
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @ParameterizedTest
    @CsvSource({"2025-06-28T00:00:00Z, 7, PT0S", "2025-06-30T12:34:56.789Z, 1, PT0S", "2024-02-28T00:00:00Z, 3, P2D",
        "2026-09-29T18:30:00Z, 2, PT6H"})
    void shouldKeepEveryTimestampInsideThePeriodWhenStartAndDaysAreGiven(String start, int days, String lateness) {
        Instant from = Instant.parse(start);
        Instant end = from.plus(Duration.ofDays(days));

        Result result = generate("--pairs", "200", "--events", "30000", "--seed", "8", "--start", start,
                "--days", String.valueOf(days), "--max-lateness", lateness);

        assertThat(result.exit()).isZero();
        List<Instant> times = matches(TIMESTAMP, result.text()).stream().map(Instant::parse).toList();
        assertThat(times).hasSize(30_000).allSatisfy(t -> assertThat(t).isBetween(from, end.minusMillis(1)));
        assertThat(times).as("spread over the whole period")
                .anySatisfy(t -> assertThat(t).isBefore(from.plus(Duration.ofHours(1))))
                .anySatisfy(t -> assertThat(t).isAfter(end.minus(Duration.ofHours(1))));
    }

    @Test
    void shouldKeepEveryTimestampBeforeTheEndWhenTrafficIsDenseInThePeriodsLastSecond() throws IOException {
        // with this seed a free-form reply to a message of the last second once fell a few ms after the end
        Instant start = Instant.parse("2025-06-30T00:00:00Z");
        Tail tail = new Tail();

        new TrafficGenerator(1000, 1_000_000, 11, Duration.ZERO, start, 1).writeTo(tail);

        // lines are written in generation order: one past the end would be among the last
        assertThat(matches(TIMESTAMP, tail.text())).hasSizeGreaterThan(1000)
                .allSatisfy(t -> assertThat(Instant.parse(t)).isBefore(start.plus(Duration.ofDays(1))));
    }

    /** The last 256 KiB or so written to it. */
    private static final class Tail extends Writer {
        private final StringBuilder kept = new StringBuilder();

        @Override
        public void write(char[] chars, int offset, int length) {
            kept.append(chars, offset, length);
            if (kept.length() > 1 << 20) {
                kept.delete(0, kept.length() - (1 << 18));
            }
        }

        String text() {
            return kept.substring(kept.indexOf("\n") + 1);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldShiftEveryTimestampByTheSameAmountWhenOnlyStartDiffers() {
        String[] common = {"--pairs", "100", "--events", "5000", "--seed", "2"};
        String before = generate(with(common, "--start", "2024-05-01T00:00:00Z")).text();
        String after = generate(with(common, "--start", "2025-06-28T07:00:00Z")).text();

        List<String> times = matches(TIMESTAMP, before);
        List<String> shifted = matches(TIMESTAMP, after);
        Duration shift = Duration.between(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2025-06-28T07:00:00Z"));
        assertThat(shifted).hasSameSizeAs(times);
        for (int i = 0; i < times.size(); i++) {
            assertThat(Instant.parse(shifted.get(i))).isEqualTo(Instant.parse(times.get(i)).plus(shift));
        }
        assertThat(TIMESTAMP.matcher(after).replaceAll("")).isEqualTo(TIMESTAMP.matcher(before).replaceAll(""));
    }

    // ------------------------------------------------------------------ --accounts-out

    @Test
    void shouldDescribeEveryBusinessOfTheTrafficWhenAccountsAreWritten() throws IOException {
        Path file = dir.resolve("accounts.jsonl");
        Instant start = Instant.parse("2025-06-28T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(7));

        Result result = generate("--events", "20000", "--start", start.toString(), "--days", "7", "--accounts-out", file.toString());

        assertThat(result.exit()).isZero();
        assertThat(result.err()).isEmpty();
        Map<String, JsonNode> accounts = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode account = JSON.readTree(line);
            assertThat(accounts.put(account.get("business_id").textValue(), account)).as("one record a business").isNull();
        }
        assertThat(accounts.keySet()).containsAll(new HashSet<>(matches(BUSINESS, result.text())));

        Set<String> zones = new HashSet<>();
        Map<String, Set<String>> businessesByWaba = new HashMap<>();
        Map<String, Set<String>> wabasByPortfolio = new HashMap<>();
        Set<String> currencies = new HashSet<>();
        List<JsonNode> moved = new ArrayList<>();
        accounts.forEach((business, account) -> {
            JsonNode versions = account.get("versions");
            assertThat(versions.isArray()).isTrue();
            assertThat(versions.get(0).has("valid_from")).as("the first version applies always").isFalse();
            for (JsonNode version : versions) {
                zones.add(ZoneId.of(version.get("time_zone").textValue()).getId());
                assertThat(version.get("currency").textValue()).matches("[A-Z]{3}");
                currencies.add(version.get("currency").textValue());
                businessesByWaba.computeIfAbsent(version.get("waba_id").textValue(), w -> new HashSet<>()).add(business);
                wabasByPortfolio.computeIfAbsent(version.get("portfolio_id").textValue(), p -> new HashSet<>())
                        .add(version.get("waba_id").textValue());
            }
            if (versions.size() > 1) {
                moved.add(account);
            }
        });
        assertThat(zones).hasSizeGreaterThanOrEqualTo(6).contains("UTC");
        assertThat(zones.stream().map(z -> ZoneId.of(z).getRules().getOffset(start).getTotalSeconds()))
                .as("east and west of UTC").anySatisfy(s -> assertThat(s).isPositive()).anySatisfy(s -> assertThat(s).isNegative());
        assertThat(businessesByWaba).hasSizeGreaterThan(2).allSatisfy((waba, businesses) -> assertThat(businesses).hasSizeGreaterThan(1));
        assertThat(wabasByPortfolio).hasSizeGreaterThan(1).anySatisfy((portfolio, wabas) -> assertThat(wabas).hasSizeGreaterThan(1));
        assertThat(currencies).contains("USD");
        assertThat(moved).hasSize(1).allSatisfy(account -> {
            JsonNode first = account.get("versions").get(0);
            JsonNode second = account.get("versions").get(1);
            assertThat(Instant.parse(second.get("valid_from").textValue())).isBetween(start, end.minusMillis(1));
            assertThat(!second.get("waba_id").equals(first.get("waba_id")) || !second.get("time_zone").equals(first.get("time_zone")))
                    .as("the second version changes the WABA or the zone").isTrue();
        });
    }

    @Test
    void shouldWriteTheSameTrafficWhenAccountsAreWritten() {
        String[] common = {"--pairs", "60", "--events", "8000", "--seed", "6", "--start", "2025-06-29T00:00:00Z", "--days", "3"};

        Result without = generate(common);
        Result with = generate(with(common, "--accounts-out", dir.resolve("accounts.jsonl").toString()));

        assertThat(with.exit()).isZero();
        assertThat(with.out()).isEqualTo(without.out());
    }

    @Test
    void shouldExitWithCodeOneAndOneLineWhenTheAccountsFileCannotBeWritten() {
        Path file = dir.resolve("missing").resolve("accounts.jsonl");

        Result result = generate("--events", "100", "--accounts-out", file.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).as("nothing written before the failure").isEmpty();
        assertThat(result.err().lines()).singleElement().asString().startsWith("convo-meter generate: cannot write " + file + ": ");
    }

    // ------------------------------------------------------------------ usage

    @ParameterizedTest
    @ValueSource(strings = {
        "--days 0", "--days -1", "--days x", "--days 1.5", "--days", "--start 2025-06-28", "--start yesterday",
        "--start 2025-06-28T25:00:00Z", "--start", "--start 1969-12-31T00:00:00Z", "--start 9999-12-30T00:00:00Z --days 3",
        "--start +1000000000-01-01T00:00:00Z", "--accounts-out"})
    void shouldExitWithCodeTwoAndOneLineErrorWhenStartOrDaysIsInvalid(String args) {
        Result result = generate(args.split(" "));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).endsWith(System.lineSeparator());
        assertThat(result.err().strip()).doesNotContain("\n").startsWith("convo-meter generate: ")
                .containsPattern("start|days|period|accounts-out");
    }

    @Test
    void shouldDocumentTheNewOptionsWhenAskedForHelp() {
        Result result = generate("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.text()).contains("[--start INSTANT] [--days N] [--accounts-out FILE]")
                .contains("2025-06-28T00:00:00Z").contains("PRICING 7.2");
    }
}
