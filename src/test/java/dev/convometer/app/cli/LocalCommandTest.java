package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.local.ComparisonTraffic;
import dev.convometer.app.local.NetBilling;
import dev.convometer.app.traffic.TrafficGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local}, as a user runs it: its own KRaft broker, the service on it, the outputs in replay's format. */
class LocalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteWhatReplayWritesWhenTheSameFileGoesThroughARealBroker() throws Exception {
        Path traffic = ComparisonTraffic.write(dir.resolve("traffic.jsonl"), 3_000);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(new String[] {"replay", "--input", traffic.toString(), "--output", dir.resolve("replay-opened.jsonl").toString(),
                "--rejected", dir.resolve("replay-rejected.jsonl").toString()}, quiet, quiet)).isZero();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = ConvoMeter.run(new String[] {"local", "--input", traffic.toString(), "--output", file("local-opened.jsonl"),
                "--rejected", file("local-rejected.jsonl"), "--voided", file("local-voided.jsonl"),
                "--withdrawn", file("local-withdrawn.jsonl")}, new PrintStream(printed, true, StandardCharsets.UTF_8), quiet);

        assertThat(status).isZero();
        List<String> replayOpened = lines("replay-opened.jsonl");
        assertThat(replayOpened).hasSizeGreaterThan(300);
        // net of corrections (SPEC 3a): a pair's events that share a timestamp across topics may come in either order
        assertThat(NetBilling.net(lines("local-opened.jsonl"), lines("local-voided.jsonl"), "voided_by"))
                .containsExactlyInAnyOrderElementsOf(replayOpened);
        assertThat(NetBilling.net(lines("local-rejected.jsonl"), lines("local-withdrawn.jsonl"), "withdrawn_by"))
                .containsExactlyInAnyOrderElementsOf(lines("replay-rejected.jsonl"));
        // every conversation opened or voided is printed as it arrives, then the summary
        String out = printed.toString(StandardCharsets.UTF_8);
        List<String> conversations = out.lines().filter(l -> l.startsWith("{\"conversation_id\"")).toList();
        assertThat(conversations.stream().filter(l -> !voided(l)).toList()).containsExactlyInAnyOrderElementsOf(lines("local-opened.jsonl"));
        assertThat(conversations.stream().filter(LocalCommandTest::voided).toList()).containsExactlyInAnyOrderElementsOf(lines("local-voided.jsonl"));
        assertThat(out).contains("conversations opened:", "events/s")
                .contains("conversation-opened events, voided ones included")
                .contains("opened in " + file("local-opened.jsonl"), "withdrawn in " + file("local-withdrawn.jsonl"));
    }

    @Test
    void shouldPrintAndWriteWhatReplayPricesWhenTheBundledSampleRunsWithAccountsAndTables() throws Exception {
        Path accounts = dir.resolve("accounts.jsonl");
        try (Writer out = Files.newBufferedWriter(accounts)) {
            new TrafficGenerator(TrafficGenerator.DEFAULT_PAIRS, 0, TrafficGenerator.DEFAULT_SEED).writeAccountsTo(out);
        }
        Path sample = Files.write(dir.resolve("sample.jsonl"), LocalCommandTest.class.getResourceAsStream("/sample-traffic.jsonl").readAllBytes());
        List<String> pricing = List.of("--accounts", accounts.toString(), "--rate-card", kit("rate-card.csv"), "--country-markets",
                kit("country-markets.csv"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(concat(List.of("replay", "--input", sample.toString(), "--output", file("replay-opened.jsonl"),
                "--priced-conversations", file("replay-priced.jsonl"), "--priced-messages", file("replay-priced-messages.jsonl")), pricing),
                quiet, quiet)).isZero();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // no --input: the bundled sample
        int status = ConvoMeter.run(concat(List.of("local", "--priced-conversations", file("local-priced.jsonl"),
                "--priced-conversations-voided", file("local-priced-voided.jsonl")), pricing), new PrintStream(printed, true, StandardCharsets.UTF_8), quiet);

        assertThat(status).isZero();
        List<String> replayPriced = lines("replay-priced.jsonl");
        assertThat(replayPriced).hasSizeGreaterThan(50);
        assertThat(lines("replay-priced-messages.jsonl")).as("the sample is of 2024: conversations only").isEmpty();
        assertThat(NetBilling.net(lines("local-priced.jsonl"), lines("local-priced-voided.jsonl"), "voided_by"))
                .containsExactlyInAnyOrderElementsOf(replayPriced);
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("{\"charge_id\"")).toList()).as("every priced record printed as committed")
                .containsExactlyInAnyOrder(concat(lines("local-priced.jsonl"), lines("local-priced-voided.jsonl")));
        assertThat(out).contains("priced records:", "priced voided:").containsPattern("  2024-05 USD: +\\d+\\.\\d{6} +net amount of \\d+ regular records")
                .contains("priced conversations in " + file("local-priced.jsonl"));
    }

    private static String kit(String table) throws Exception {
        return Path.of(LocalCommandTest.class.getResource("/scenarios/pricing-kit/" + table).toURI()).toString();
    }

    private static String[] concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private List<String> lines(String name) {
        return ComparisonTraffic.lines(dir.resolve(name));
    }

    private static boolean voided(String line) {
        try {
            return JSON.readTree(line).has("voided_by");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
