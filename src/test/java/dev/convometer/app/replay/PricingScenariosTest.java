package dev.convometer.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.service.PricingTables;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.domain.pricing.PricingRules;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pricing scenario (PRICING 7.10, copied from the shared scenarios into test resources) replayed with its accounts,
 * tables and settings, with the pair history in memory and on disk: the priced files as expected on every field,
 * instants as instants; in O-ORDER in record order, in arrival order as multisets with the voided files too; and the
 * dead letters' reasons where the scenario names them.
 */
class PricingScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INSTANTS = Set.of("opened_at", "expires_at", "timestamp");
    private static final Map<String, String> OPTIONS = Map.of("pricing.default-time-zone", "timeZone",
            "pricing.default-currency", "currency", "pricing.cbp.free-tier", "cbp", "pricing.pmp.service-free-tier", "pmp", "pricing.tier-scope", "scope");

    static Stream<Arguments> scenarios() throws IOException, URISyntaxException {
        Path root = Path.of(PricingScenariosTest.class.getResource("/scenarios").toURI());
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("priced-conversations.jsonl"))).sorted().toList()) {
                for (Replay.State state : List.of(Replay.State.MEMORY, Replay.State.DISK)) {
                    all.add(Arguments.of(dir.getFileName().toString(), state, dir));
                }
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(12 * 2);
        return all.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("scenarios")
    void shouldGiveTheExpectedPricedRecordsWhenPricingScenarioReplayed(String name, Replay.State state, Path dir) throws IOException {
        boolean arrival = Files.exists(dir.resolve("arrival-order"));
        Map<String, StringWriter> files = new TreeMap<>();
        for (String file : List.of("opened", "rejected", "dead", "voided", "withdrawn", "priced-conversations", "priced-messages",
                "priced-conversations-voided", "priced-messages-voided")) {
            files.put(file, new StringWriter());
        }
        Replay.Outputs outputs = new Replay.Outputs(files.get("opened"), files.get("rejected"), files.get("dead"), files.get("voided"),
                files.get("withdrawn"), files.get("priced-conversations"), files.get("priced-messages"),
                files.get("priced-conversations-voided"), files.get("priced-messages-voided"));
        List<Path> accountFiles = Files.exists(dir.resolve("accounts.jsonl")) ? List.of(dir.resolve("accounts.jsonl")) : List.of();
        AccountFile.Read accounts = AccountFile.readAll(accountFiles, files.get("dead"));
        Replay.Options options = new Replay.Options(2, Replay.Options.DEFAULT_MEMORY, Path.of(System.getProperty("java.io.tmpdir")), state);

        new Replay(BillingSettings.DEFAULTS.withPricing(rules(dir)), new PrintStream(OutputStream.nullOutputStream()), options,
                accounts.histories()).run(List.of(dir.resolve("input.jsonl")), outputs, arrival ? Replay.Order.ARRIVAL : Replay.Order.O_ORDER);

        for (String file : arrival ? List.of("priced-conversations", "priced-messages", "priced-conversations-voided",
                "priced-messages-voided") : List.of("priced-conversations", "priced-messages")) {
            List<Map<String, String>> got = records(files.get(file).toString());
            List<Map<String, String>> want = records(Files.readString(dir.resolve(file + ".jsonl")));
            if (arrival) {
                assertThat(got).as("%s: %s", name, file).containsExactlyInAnyOrderElementsOf(want);
            } else {
                assertThat(got).as("%s: %s, in record order", name, file).containsExactlyElementsOf(want);
            }
        }
        Path reasons = dir.resolve("dead-reasons.txt");
        if (Files.exists(reasons)) {
            List<String> got = new ArrayList<>();
            for (Map<String, String> deadLetter : records(files.get("dead").toString())) {
                got.add(deadLetter.get("reason"));
            }
            List<String> want = Files.readAllLines(reasons).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertThat(got).as("%s: dead letters", name).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i)).contains(want.get(i));
            }
        }
    }

    /** The scenario's tables (else the kit's) and settings, as replay's options would give them. */
    private static PricingRules rules(Path dir) throws IOException {
        Path kit = dir.resolveSibling("pricing-kit");
        Properties settings = new Properties();
        if (Files.exists(dir.resolve("pricing.properties"))) {
            try (var in = Files.newBufferedReader(dir.resolve("pricing.properties"))) {
                settings.load(in);
            }
        }
        for (String key : settings.stringPropertyNames()) {
            assertThat(OPTIONS).as("a pricing.properties key of PRICING 7.10-7.11").containsKey(key);
        }
        return PricingTables.load(table(dir, kit, "rate-card.csv"), table(dir, kit, "country-markets.csv"),
                settings.getProperty("pricing.default-time-zone"), settings.getProperty("pricing.default-currency"),
                settings.getProperty("pricing.cbp.free-tier", "1000"), settings.getProperty("pricing.pmp.service-free-tier", "1000"),
                settings.getProperty("pricing.tier-scope", "portfolio"), PricingTables.Names.OPTIONS);
    }

    private static Path table(Path dir, Path kit, String name) {
        return Files.exists(dir.resolve(name)) ? dir.resolve(name) : kit.resolve(name);
    }

    /** Each JSON line as its fields, values as text, instants as epoch milliseconds, null as "null". */
    private static List<Map<String, String>> records(String text) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new TreeMap<>();
            JsonNode node = JSON.readTree(line);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                fields.put(field.getKey(), value.isNull() ? "null" : INSTANTS.contains(field.getKey()) && value.isTextual()
                        ? String.valueOf(Instant.parse(value.textValue()).toEpochMilli()) : value.asText());
            }
            records.add(fields);
        }
        return records;
    }
}
