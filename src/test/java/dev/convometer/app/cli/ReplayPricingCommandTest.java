package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay with pricing (PRICING 7.10): its options, what it writes, and a clear line for every bad pricing input. */
class ReplayPricingCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKETS = "effective_from,country,market\n,IN,India\n,GB,United Kingdom\n";
    private static final String CARD = "rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate\n"
            + "V1,2025-07-01,USD,India,PMP,marketing,,,0.0107\n"
            + "V1,2025-07-01,USD,India,PMP,utility,1,1000,0.0014\n"
            + "V1,2025-07-01,USD,India,PMP,utility,1001,,0.0010\n";

    @TempDir
    Path dir;

    private static CommandRun run(List<String> args) {
        return CommandRun.of(args.toArray(String[]::new));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Path traffic() throws IOException {
        return write("traffic.jsonl", String.join("\n",
                "{\"type\":\"outbound_send\",\"event_id\":\"o2\",\"business_id\":\"B\",\"customer_id\":\"919810000002\","
                        + "\"timestamp\":\"2025-09-10T10:00:00Z\",\"message_type\":\"template\",\"category\":\"marketing\"}",
                "{\"type\":\"outbound_send\",\"event_id\":\"o1\",\"business_id\":\"A\",\"customer_id\":\"919810000001\","
                        + "\"timestamp\":\"2025-09-10T10:00:00Z\",\"message_type\":\"template\",\"category\":\"utility\"}",
                "{\"type\":\"outbound_send\",\"event_id\":\"o0\",\"business_id\":\"A\",\"customer_id\":\"919810000001\","
                        + "\"timestamp\":\"2025-09-10T09:00:00Z\",\"message_type\":\"template\",\"category\":\"marketing\"}") + "\n");
    }

    private List<String> pricedReplay(Path card) throws IOException {
        List<String> args = new ArrayList<>(List.of("replay", "--input", traffic().toString(), "--output", dir.resolve("opened.jsonl").toString(),
                "--dead-letter", dir.resolve("dead.jsonl").toString(), "--country-markets", write("markets.csv", MARKETS).toString(),
                "--priced-conversations", dir.resolve("pc.jsonl").toString(), "--priced-messages", dir.resolve("pm.jsonl").toString()));
        if (card != null) {
            args.addAll(List.of("--rate-card", card.toString()));
        }
        return args;
    }

    private List<JsonNode> json(String name) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(name))) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void shouldWritePricedMessagesInRecordOrderWithExactAmountsWhenPricingIsAsked() throws IOException {
        List<String> args = pricedReplay(write("card.csv", CARD));
        args.addAll(List.of("--accounts", write("accounts.jsonl", "{\"business_id\":\"A\",\"versions\":[{\"waba_id\":\"WA\","
                + "\"time_zone\":\"Asia/Kolkata\",\"currency\":\"$US\"}]}\nnot json\n").toString()));

        CommandRun result = run(args);

        assertThat(result.exit()).as(result.err()).isZero();
        List<JsonNode> messages = json("pm.jsonl");
        // record order: instant, then business_id: A's 10:00 before B's, A's 09:00 first
        assertThat(messages).extracting(m -> m.get("event_id").asText()).containsExactly("o0", "o1", "o2");
        assertThat(messages.get(1).get("amount").asText()).isEqualTo("0.001400");
        assertThat(messages.get(1).get("tier").asText()).isEqualTo("1:1000");
        assertThat(messages.get(1).get("waba_id").asText()).isEqualTo("WA");
        assertThat(messages.get(2).get("account_source").asText()).isEqualTo("default");
        assertThat(messages.get(2).get("amount").asText()).isEqualTo("0.010700");
        assertThat(json("pc.jsonl")).isEmpty();
        assertThat(json("dead.jsonl")).singleElement().satisfies(dead -> {
            assertThat(dead.get("reason").asText()).startsWith("invalid_account");
            assertThat(dead.get("line").asInt()).isEqualTo(2);
        });
        assertThat(result.out()).containsPattern("dead letters\\D*1\\b").contains("priced records").contains("2025-09 USD");
    }

    @Test
    void shouldPriceRegularItemsNoRateWhenNoRateCardIsGiven() throws IOException {
        CommandRun result = run(pricedReplay(null));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(json("pm.jsonl")).allSatisfy(m -> {
            assertThat(m.get("unpriced_reason").asText()).isEqualTo("no_rate");
            assertThat(m.get("amount").isNull()).isTrue();
            assertThat(m.get("billable").asBoolean()).isTrue();
        });
    }

    @Test
    void shouldStopWithOneLineNamingTheFileAndLineWhenTheRateCardHasABadLine() throws IOException {
        Path card = write("card.csv", CARD + "V1,2025-07-01,USD,India,PMP,marketing,,,0.0107\n");

        CommandRun result = run(pricedReplay(card));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("convo-meter replay: " + card + " line").doesNotContain("\n");
        assertThat(dir.resolve("pm.jsonl")).doesNotExist();
    }

    @Test
    void shouldStopWithOneLineWhenATableIsMissing() throws IOException {
        CommandRun result = run(pricedReplay(dir.resolve("no-such-card.csv")));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("convo-meter replay: cannot read rate card " + dir.resolve("no-such-card.csv")
                + ": no such file");
    }

    @Test
    void shouldRefuseBadPricingOptionsWithAUsageErrorWhenGiven() throws IOException {
        List<String> zone = pricedReplay(null);
        zone.addAll(List.of("--default-time-zone", "+05:30"));
        List<String> currency = pricedReplay(null);
        currency.addAll(List.of("--default-currency", "usd"));
        List<String> tier = pricedReplay(null);
        tier.addAll(List.of("--cbp-free-tier", "-1"));
        List<String> scope = pricedReplay(null);
        scope.addAll(List.of("--tier-scope", "business"));
        List<String> noMarkets = new ArrayList<>(List.of("replay", "--input", traffic().toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--priced-messages", dir.resolve("pm.jsonl").toString()));
        List<String> noOutput = new ArrayList<>(List.of("replay", "--input", traffic().toString(), "--output",
                dir.resolve("o.jsonl").toString(), "--rate-card", write("card.csv", CARD).toString()));
        List<String> arrival = pricedReplay(null);
        arrival.addAll(List.of("--arrival-order", "--voided", dir.resolve("v.jsonl").toString(), "--withdrawn",
                dir.resolve("w.jsonl").toString()));

        assertThat(run(zone)).satisfies(r -> usage(r, "default time zone '+05:30' is not an IANA time zone name"));
        assertThat(run(currency)).satisfies(r -> usage(r, "default currency 'usd' is not three capital letters"));
        assertThat(run(tier)).satisfies(r -> usage(r, "--cbp-free-tier '-1' is not an integer >= 0"));
        assertThat(run(scope)).satisfies(r -> usage(r, "--tier-scope 'business' is not portfolio or waba"));
        assertThat(run(noMarkets)).satisfies(r -> usage(r, "--country-markets"));
        assertThat(run(noOutput)).satisfies(r -> usage(r, "need a priced output"));
        assertThat(run(arrival)).satisfies(r -> usage(r, "--priced-conversations-voided and --priced-messages-voided"));
    }

    private static void usage(CommandRun result, String message) {
        assertThat(result.exit()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).startsWith("convo-meter replay: ").contains(message).contains("usage:");
        assertThat(result.err().strip()).doesNotContain("\n");
    }
}
