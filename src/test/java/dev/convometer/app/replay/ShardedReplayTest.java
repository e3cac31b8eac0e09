package dev.convometer.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.traffic.BillingSummary;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.topology.BillingSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay on several threads, with state in memory or on disk: the same bytes whatever the number of threads, on
 * generated traffic, in O-ORDER (files nearly in order as generated, shuffled, or sorted) and in arrival order with
 * late and too-late events.
 */
class ShardedReplayTest {
    private static final int PAIRS = 300;
    private static final int EVENTS = 12_000;

    @TempDir
    Path dir;

    /** Everything one replay wrote, and its summary. */
    private record Result(String opened, String rejected, String dead, String voided, String withdrawn, String summary) {
        /** The summary without its last line (elapsed time). */
        String counts() {
            return summary.substring(0, summary.indexOf("elapsed:"));
        }
    }

    private Path generated(String name, Duration maxLateness) throws IOException {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new TrafficGenerator(PAIRS, EVENTS, 5, maxLateness).writeTo(out);
        }
        return file;
    }

    private Path shuffled(Path source) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(source, StandardCharsets.UTF_8));
        Collections.shuffle(lines, new Random(3));
        return Files.write(dir.resolve("shuffled-" + source.getFileName()), lines, StandardCharsets.UTF_8);
    }

    private Path sorted(Path source) throws IOException {
        return OOrderFiles.sortedCopy(source, dir);
    }

    private Result replay(List<Path> inputs, Replay.Order order, int threads, long memory, Replay.State state) throws IOException {
        StringWriter opened = new StringWriter();
        StringWriter rejected = new StringWriter();
        StringWriter dead = new StringWriter();
        StringWriter voided = new StringWriter();
        StringWriter withdrawn = new StringWriter();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        BillingSummary summary = new Replay(BillingSettings.DEFAULTS, new PrintStream(OutputStream.nullOutputStream()),
                new Replay.Options(threads, memory, tmp, state))
                .run(inputs, new Replay.Outputs(opened, rejected, dead, voided, withdrawn), order);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("temporary files left behind").isEmpty();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        summary.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new Result(opened.toString(), rejected.toString(), dead.toString(), voided.toString(), withdrawn.toString(),
                printed.toString(StandardCharsets.UTF_8));
    }

    private Result replay(List<Path> inputs, Replay.Order order, int threads) throws IOException {
        return replay(inputs, order, threads, Replay.Options.DEFAULT_MEMORY, Replay.State.MEMORY);
    }

    private static void assertSameOutputs(Result actual, Result expected) {
        assertThat(actual.opened()).isEqualTo(expected.opened());
        assertThat(actual.rejected()).isEqualTo(expected.rejected());
        assertThat(actual.dead()).isEqualTo(expected.dead());
        assertThat(actual.voided()).isEqualTo(expected.voided());
        assertThat(actual.withdrawn()).isEqualTo(expected.withdrawn());
        assertThat(actual.counts()).isEqualTo(expected.counts());
    }

    @Test
    void shouldWriteSameBytesWithOneAndFourThreadsWhenInputIsAsGenerated() throws IOException {
        Path input = generated("traffic.jsonl", Duration.ZERO);

        Result one = replay(List.of(input), Replay.Order.O_ORDER, 1);
        Result four = replay(List.of(input), Replay.Order.O_ORDER, 4);

        assertThat(one.opened().lines().count()).isGreaterThan(EVENTS / 20);
        assertThat(one.rejected()).isNotEmpty();
        assertSameOutputs(four, one);
    }

    @Test
    void shouldWriteSameBytesWithOneAndFourThreadsWhenInputIsShuffled() throws IOException {
        Path input = shuffled(generated("traffic.jsonl", Duration.ZERO));

        Result one = replay(List.of(input), Replay.Order.O_ORDER, 1);
        Result four = replay(List.of(input), Replay.Order.O_ORDER, 4);

        assertThat(one.opened()).isNotEmpty();
        assertSameOutputs(four, one);
    }

    @Test
    void shouldWriteSameBytesWithOneAndFourThreadsWhenInputIsInOOrder() throws IOException {
        Path generated = generated("traffic.jsonl", Duration.ZERO);
        Path input = sorted(generated);

        Result one = replay(List.of(input), Replay.Order.O_ORDER, 1);
        Result four = replay(List.of(input), Replay.Order.O_ORDER, 4);

        assertThat(one.opened()).isNotEmpty();
        assertSameOutputs(four, one);
        assertSameOutputs(one, replay(List.of(generated), Replay.Order.O_ORDER, 1));
    }

    @Test
    void shouldWriteSameBytesWithOneAndFourThreadsWhenArrivalOrderHasLateAndTooLateEvents() throws IOException {
        // delays of up to 2 days: late events are corrected; events stamped before the generated five days, spread
        // through the file, are more than the 7-day correction horizon behind stream time there: too late
        Path input = withTooLateEvents(generated("late.jsonl", Duration.ofDays(2)));

        Result one = replay(List.of(input), Replay.Order.ARRIVAL, 1);
        Result four = replay(List.of(input), Replay.Order.ARRIVAL, 4);

        assertThat(one.voided()).isNotEmpty();
        assertThat(one.withdrawn()).isNotEmpty();
        assertThat(one.dead()).contains("too_late");
        assertSameOutputs(four, one);
    }

    /** Every 500th line followed by an inbound message of a month before the traffic, of a pair of its own. */
    private Path withTooLateEvents(Path source) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> generatedLines = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < generatedLines.size(); i++) {
            lines.add(generatedLines.get(i));
            if (i % 500 == 499) {
                lines.add("{\"type\":\"inbound_message\",\"event_id\":\"old-" + i + "\",\"business_id\":\"15550009999\","
                        + "\"customer_id\":\"4477" + i + "\",\"timestamp\":\"2024-04-01T00:00:00Z\"}");
            }
        }
        return Files.write(dir.resolve("with-too-late-" + source.getFileName()), lines, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteSameBytesWhenStateIsOnDisk() throws IOException {
        Path late = withTooLateEvents(generated("late.jsonl", Duration.ofDays(2)));
        Path shuffled = shuffled(generated("traffic.jsonl", Duration.ZERO));

        assertSameOutputs(replay(List.of(late), Replay.Order.ARRIVAL, 2, Replay.Options.DEFAULT_MEMORY, Replay.State.DISK),
                replay(List.of(late), Replay.Order.ARRIVAL, 1));
        assertSameOutputs(replay(List.of(shuffled), Replay.Order.O_ORDER, 2, Replay.Options.DEFAULT_MEMORY, Replay.State.DISK),
                replay(List.of(shuffled), Replay.Order.O_ORDER, 1));
    }

    @Test
    void shouldWriteSameBytesWhenTinyMemoryForcesManySpilledRuns() throws IOException {
        Path first = shuffled(generated("traffic.jsonl", Duration.ZERO));
        Path second = generated("late.jsonl", Duration.ofDays(2));

        Result spilled = replay(List.of(first, second), Replay.Order.O_ORDER, 3, 16 * 1024, Replay.State.MEMORY);
        Result inMemory = replay(List.of(first, second), Replay.Order.O_ORDER, 1);

        assertThat(spilled.opened()).isNotEmpty();
        assertSameOutputs(spilled, inMemory);
    }
}
