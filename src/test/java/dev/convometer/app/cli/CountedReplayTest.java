package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Monthly counters in replay (PRICING 7.11-7.12), on generated traffic across a month boundary with tiny free tiers and
 * bands: in arrival order, with events up to 2 days late, the priced records emitted minus voided equal the O-ORDER
 * replay's exactly, and the counters really moved prices both ways (free, then charged; first band, then later ones).
 */
class CountedReplayTest {
    private static final String MARKETS = "effective_from,country,market\n,GB,United Kingdom\n";
    private static final String CARD = """
            rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate
            C1,2023-06-01,USD,United Kingdom,CBP,service,,,0.0300
            C1,2023-06-01,USD,United Kingdom,CBP,utility,,,0.0200
            C1,2023-06-01,USD,United Kingdom,CBP,marketing,,,0.0500
            C1,2023-06-01,USD,United Kingdom,CBP,authentication,,,0.0400
            C1,2025-07-01,USD,United Kingdom,PMP,utility,1,10,0.0200
            C1,2025-07-01,USD,United Kingdom,PMP,utility,11,40,0.0150
            C1,2025-07-01,USD,United Kingdom,PMP,utility,41,,0.0100
            C1,2025-07-01,USD,United Kingdom,PMP,authentication,1,25,0.0300
            C1,2025-07-01,USD,United Kingdom,PMP,authentication,26,,0.0250
            C1,2025-07-01,USD,United Kingdom,PMP,marketing,,,0.0500
            C1,2025-07-01,USD,United Kingdom,PMP,service,,,0.0100
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"2024-05-29T00:00:00Z, conversations", "2025-09-28T00:00:00Z, messages", "2026-10-29T00:00:00Z, messages"})
    void shouldNetToTheOOrderResultWhenCountedItemsArriveLate(String start, String unit) throws IOException {
        Path traffic = dir.resolve("traffic.jsonl");
        Path accounts = dir.resolve("accounts.jsonl");
        CommandRun generated = CommandRun.of("generate", "--pairs", "150", "--events", "6000", "--seed", "7", "--start", start,
                "--days", "5", "--max-lateness", "P2D", "--accounts-out", accounts.toString());
        succeeded(generated);
        Files.writeString(traffic, generated.out(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("markets.csv"), MARKETS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("card.csv"), CARD, StandardCharsets.UTF_8);

        succeeded(replay("sorted", traffic, accounts));
        succeeded(replay("arrival", traffic, accounts, "--arrival-order", "--voided", dir.resolve("v.jsonl").toString(),
                "--withdrawn", dir.resolve("w.jsonl").toString(),
                "--priced-conversations-voided", dir.resolve("arrival-pcv.jsonl").toString(),
                "--priced-messages-voided", dir.resolve("arrival-pmv.jsonl").toString()));

        List<String> sorted = lines("sorted-p" + unit.charAt(0) + ".jsonl");
        Map<String, Integer> net = multiset(lines("arrival-p" + unit.charAt(0) + ".jsonl"));
        for (String voided : lines("arrival-p" + unit.charAt(0) + "v.jsonl")) {
            // a voided line is the cancelled record plus voided_by
            String record = voided.substring(0, voided.lastIndexOf(",\"voided_by\"")) + "}";
            net.merge(record, -1, Integer::sum);
        }
        net.values().removeIf(count -> count == 0);
        assertThat(net).isEqualTo(multiset(sorted));
        assertThat(lines("arrival-p" + unit.charAt(0) + "v.jsonl")).as("late events re-priced something").isNotEmpty();
        if (unit.equals("conversations")) {
            assertThat(sorted).anyMatch(line -> line.contains("\"P-FREE-TIER\""));
            assertThat(sorted).anyMatch(line -> line.contains("\"pricing_category\":\"service\"") && line.contains("\"P-CBP-REGULAR\""));
        } else if (start.startsWith("2025")) {
            assertThat(sorted).anyMatch(line -> line.contains("\"tier\":\"1:10\""));
            assertThat(sorted).anyMatch(line -> line.contains("\"tier\":\"11:40\""));
        } else {
            assertThat(sorted).anyMatch(line -> line.contains("\"P-PMP-FREE-TIER\""));
            assertThat(sorted).anyMatch(line -> line.contains("\"pricing_category\":\"service\"") && line.contains("\"P-PMP-REGULAR\""));
        }
    }

    private CommandRun replay(String name, Path traffic, Path accounts, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--input", traffic.toString(),
                "--output", dir.resolve(name + "-opened.jsonl").toString(), "--accounts", accounts.toString(),
                "--rate-card", dir.resolve("card.csv").toString(), "--country-markets", dir.resolve("markets.csv").toString(),
                "--cbp-free-tier", "3", "--pmp-service-free-tier", "5",
                "--priced-conversations", dir.resolve(name + "-pc.jsonl").toString(),
                "--priced-messages", dir.resolve(name + "-pm.jsonl").toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static void succeeded(CommandRun run) {
        assertThat(run.exit()).as(run.err()).isZero();
    }

    private List<String> lines(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> multiset(List<String> lines) {
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(line -> counts.merge(line, 1, Integer::sum));
        return counts;
    }
}
