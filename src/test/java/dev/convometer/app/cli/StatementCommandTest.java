package dev.convometer.app.cli;

import static dev.convometer.app.statement.PricedLines.conversation;
import static dev.convometer.app.statement.PricedLines.line;
import static dev.convometer.app.statement.PricedLines.message;
import static dev.convometer.app.statement.PricedLines.voided;
import static dev.convometer.app.statement.PricedLines.with;
import static dev.convometer.app.statement.PricedLines.without;
import static dev.convometer.app.statement.PricedLines.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code statement} command: priced files in, CSV totals out, exit status, summary and one-line errors. */
class StatementCommandTest {
    private static final String HEADER = "waba_id,billing_month,currency,market,pricing_category,pricing_type,"
            + "count,billable_count,amount,no_rate,unpriced\n";

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** A priced file of a scenario, copied from the shared scenarios into test resources. */
    private static String scenario(String name, String file) throws URISyntaxException {
        return Path.of(StatementCommandTest.class.getResource("/statement/" + name + "/" + file).toURI()).toString();
    }

    @Test
    void shouldTotalTheNetMessagesWhenThePriceLatePairScenarioVoidsTwo() throws URISyntaxException {
        CommandRun result = run("statement", "--conversations", scenario("price-late-pair", "priced-conversations.jsonl"),
                "--messages", scenario("price-late-pair", "priced-messages.jsonl"),
                "--conversations-voided", scenario("price-late-pair", "priced-conversations-voided.jsonl"),
                "--messages-voided", scenario("price-late-pair", "priced-messages-voided.jsonl"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(HEADER
                + "WA,2025-09,USD,India,marketing,free_entry_point,1,0,0.000000,0,0\n"
                + "WA,2025-09,USD,India,utility,free_customer_service,2,0,0.000000,0,0\n");
        assertThat(result.err().lines().toList()).containsExactly(
                "statement: 7 records read (5 emitted, 2 voided), 2 cancelled, 3 net, 2 rows written");
    }

    @Test
    void shouldTotalConversationsAndMessagesTogetherWhenSeveralFilesOfEachAreGiven() throws Exception {
        Path output = dir.resolve("statement.csv");

        CommandRun result = run("statement",
                "--conversations", scenario("price-accounts", "priced-conversations.jsonl"),
                "--conversations", scenario("price-legacy-unpriced", "priced-conversations.jsonl"),
                "--messages", scenario("price-accounts", "priced-messages.jsonl"),
                "--messages", scenario("price-late-pair", "priced-messages.jsonl"),
                "--messages-voided", scenario("price-late-pair", "priced-messages-voided.jsonl"),
                "--output", output.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(Files.readString(output)).isEqualTo(HEADER
                + "15550109,2024-03,USD,North America,service,regular,1,1,0.009000,0,0\n"
                + "15550109,2025-09,USD,United Kingdom,marketing,regular,1,1,0.053000,0,0\n"
                + "WA,2023-05,USD,India,marketing,unpriced,1,1,0.000000,0,1\n"
                + "WA,2023-05,USD,India,service,unpriced,1,1,0.000000,0,1\n"
                + "WA,2023-06,USD,India,service,regular,1,1,0.004000,0,0\n"
                + "WA,2025-09,USD,India,marketing,free_entry_point,1,0,0.000000,0,0\n"
                + "WA,2025-09,USD,India,utility,free_customer_service,2,0,0.000000,0,0\n"
                + "WE1,2025-09,USD,United Kingdom,marketing,regular,1,1,0.053000,0,0\n"
                + "WE2,2025-10,EUR,United Kingdom,marketing,regular,1,1,0.000000,1,0\n");
        assertThat(result.err().lines().toList()).containsExactly(
                "statement: 14 records read (12 emitted, 2 voided), 2 cancelled, 10 net, 9 rows written");
    }

    @Test
    void shouldQuoteAndSumExactlyWhenAMarketHoldsACommaAndAmountsAreTenths() {
        Map<String, Object> korea = with(message("o1"), "market", "Korea, \"South\"");
        Path messages = write(dir.resolve("messages.jsonl"), List.of(with(korea, "amount", "0.1"), with(with(korea, "event_id", "o2"), "amount", "0.2")));

        CommandRun result = run("statement", "--messages", messages.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(HEADER + "WA,2025-09,USD,\"Korea, \"\"South\"\"\",utility,regular,2,2,0.300000,0,0\n");
    }

    @Test
    void shouldWriteTheTotalsReportEachUnmatchedVoidAndExitOneWhenAVoidCancelsNothing() {
        Map<String, Object> record = message("o1");
        Path messages = write(dir.resolve("messages.jsonl"), List.of(record));
        Path voids = write(dir.resolve("voided.jsonl"), List.of(voided(with(record, "tier", "1:"), "i1"), voided(message("o9"), "i2")));

        CommandRun result = run("statement", "--messages", messages.toString(), "--messages-voided", voids.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(HEADER + "WA,2025-09,USD,India,utility,regular,1,1,0.001500,0,0\n");
        assertThat(result.err().lines().toList()).containsExactly(
                "convo-meter statement: " + voids + " line 1: voided record matches no emitted record"
                        + " (charge_id M/15550101/919810000001/1757498400000/o1)",
                "convo-meter statement: " + voids + " line 2: voided record matches no emitted record"
                        + " (charge_id M/15550101/919810000001/1757498400000/o9)",
                "statement: 3 records read (1 emitted, 2 voided), 0 cancelled, 1 net, 1 rows written;"
                        + " 2 voided records matched nothing");
    }

    @Test
    void shouldNameTheFileAndWriteNothingWhenAnInputIsMissing() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("o1")));
        Path missing = dir.resolve("missing.jsonl");
        Path output = dir.resolve("statement.csv");

        CommandRun result = run("statement", "--messages", messages.toString(), "--conversations-voided", missing.toString(),
                "--output", output.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines().toList()).containsExactly("convo-meter statement: cannot read " + missing + ": no such file");
        assertThat(output).doesNotExist();
    }

    @Test
    void shouldNameFileAndLineWhenALineIsNotAPricedRecord() throws IOException {
        Path messages = Files.writeString(dir.resolve("messages.jsonl"),
                line(message("o1")) + "\n" + line(with(message("o2"), "amount", "1,5")) + "\n");

        CommandRun result = run("statement", "--messages", messages.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).containsExactly("convo-meter statement: " + messages
                + " line 2: amount is not a decimal string with at most 6 decimals, such as \"0.015000\"; was \"1,5\"");
    }

    @Test
    void shouldSayWhyWhenTheOutputCannotBeWritten() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("o1")));

        CommandRun result = run("statement", "--messages", messages.toString(), "--output", dir.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err().lines().toList().get(0)).startsWith("convo-meter statement: cannot write output file " + dir + ": ");
    }

    @Test
    void shouldRefuseWithUsageWhenNoInputIsGiven() {
        CommandRun result = run("statement", "--output", dir.resolve("statement.csv").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err().lines().toList().get(0)).startsWith("convo-meter statement: needs at least one input: --conversations,"
                + " --messages, --conversations-voided or --messages-voided; usage: convo-meter statement ");
    }

    @Test
    void shouldRefuseWithUsageWhenAnOptionIsUnknownOrLacksItsValue() {
        CommandRun unknown = run("statement", "--voided", "v.jsonl");
        CommandRun noValue = run("statement", "--messages");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: unknown option --voided; usage: convo-meter statement ");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: option --messages needs a value; usage: convo-meter statement ");
    }

    // ---- counters ----

    private static final String COUNTERS_HEADER = "counter,scope,scope_id,billing_month,market,pricing_category,count,"
            + "free_limit,free_used,free_left,tier,tier_count\n";

    @Test
    void shouldWriteTheCountersOfTheNetRecordsWhenCountersIsGiven() throws IOException {
        Map<String, Object> free = with(with(with(conversation("o1"), "pricing_type", "free_tier"), "pricing_rule", "P-FREE-TIER"),
                "amount", "0.000000");
        Map<String, Object> voidedFree = with(with(free, "opened_by", "o2"), "charge_id", "C/15550101/919810000001/1689156000000/o2");
        Path conversations = write(dir.resolve("conversations.jsonl"), List.of(free, voidedFree));
        Path conversationsVoided = write(dir.resolve("conversations-voided.jsonl"), List.of(voided(voidedFree, "late")));
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("u1"), with(message("u2"), "waba_id", "WB")));
        Path counters = dir.resolve("counters.csv");

        CommandRun result = run("statement", "--conversations", conversations.toString(), "--conversations-voided",
                conversationsVoided.toString(), "--messages", messages.toString(), "--counters", counters.toString(),
                "--cbp-free-tier", "3", "--tier-scope", "waba");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).startsWith(HEADER);
        assertThat(Files.readString(counters)).isEqualTo(COUNTERS_HEADER
                + "cbp_service,waba,WA,2023-07,,service,1,3,1,2,,\n"
                + "volume_tier,waba,WA,2025-09,India,utility,1,,,,1:100000,1\n"
                + "volume_tier,waba,WB,2025-09,India,utility,1,,,,1:100000,1\n");
        assertThat(result.err().lines().toList()).containsExactly(
                "statement: 5 records read (4 emitted, 1 voided), 1 cancelled, 3 net, 3 rows written, 3 counter rows written");
    }

    @Test
    void shouldWriteBothFilesWhenOutputAndCountersAreGiven() throws IOException {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("u1")));
        Path output = dir.resolve("statement.csv");
        Path counters = dir.resolve("counters.csv");

        CommandRun result = run("statement", "--messages", messages.toString(), "--output", output.toString(),
                "--counters", counters.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(Files.readString(output)).isEqualTo(HEADER + "WA,2025-09,USD,India,utility,regular,1,1,0.001500,0,0\n");
        assertThat(Files.readString(counters)).isEqualTo(COUNTERS_HEADER
                + "volume_tier,portfolio,PA,2025-09,India,utility,1,,,,1:100000,1\n");
    }

    @Test
    void shouldRefuseWithUsageWhenACounterOptionHasABadValue() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("u1")));
        Path counters = dir.resolve("counters.csv");

        CommandRun negative = run("statement", "--messages", messages.toString(), "--counters", counters.toString(),
                "--cbp-free-tier", "-1");
        CommandRun notInteger = run("statement", "--messages", messages.toString(), "--counters", counters.toString(),
                "--pmp-service-free-tier=1.5");
        CommandRun scope = run("statement", "--messages", messages.toString(), "--counters", counters.toString(),
                "--tier-scope", "business");

        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: --cbp-free-tier '-1' is not an integer >= 0; usage: convo-meter statement ");
        assertThat(notInteger.exit()).isEqualTo(2);
        assertThat(notInteger.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: --pmp-service-free-tier '1.5' is not an integer >= 0; usage: ");
        assertThat(scope.exit()).isEqualTo(2);
        assertThat(scope.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: --tier-scope 'business' is not portfolio or waba; usage: ");
        assertThat(counters).doesNotExist();
    }

    @Test
    void shouldRefuseWithUsageWhenACounterOptionComesWithoutCounters() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("u1")));

        CommandRun result = run("statement", "--messages", messages.toString(), "--tier-scope", "waba");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: --tier-scope needs --counters FILE; usage: ");
    }

    @Test
    void shouldRefuseWithUsageWhenCountersAndOutputNameTheSameFile() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(message("u1")));
        Path output = dir.resolve("statement.csv");

        CommandRun result = run("statement", "--messages", messages.toString(), "--output", output.toString(),
                "--counters", dir.resolve(".").resolve("statement.csv").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("convo-meter statement: --counters and --output name the same file: ");
        assertThat(output).doesNotExist();
    }

    @Test
    void shouldNameFileAndLineWhenACountedRecordLacksItsPricingRule() {
        Path messages = write(dir.resolve("messages.jsonl"), List.of(without(message("u1"), "pricing_rule")));
        Path counters = dir.resolve("counters.csv");

        CommandRun withCounters = run("statement", "--messages", messages.toString(), "--counters", counters.toString());
        CommandRun withoutCounters = run("statement", "--messages", messages.toString());

        assertThat(withCounters.exit()).isEqualTo(1);
        assertThat(withCounters.out()).isEmpty();
        assertThat(withCounters.err().lines().toList()).containsExactly("convo-meter statement: " + messages
                + " line 1: lacks pricing_rule (the monthly counters read it)");
        assertThat(counters).doesNotExist();
        assertThat(withoutCounters.exit()).as(withoutCounters.err()).isZero();
    }

    @Test
    void shouldListTheCommandAndDescribeItsOptionsWhenHelpIsAsked() {
        CommandRun top = run("--help");
        CommandRun help = run("statement", "--help");

        assertThat(top.out()).contains("  statement Total priced records as CSV");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: convo-meter statement ")
                .contains("--conversations FILE", "--messages FILE", "--conversations-voided FILE", "--messages-voided FILE",
                        "--output FILE", "default: standard output", "--counters FILE", "--cbp-free-tier N",
                        "--pmp-service-free-tier N", "--tier-scope SCOPE");
    }
}
