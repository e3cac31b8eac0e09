package dev.convometer.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.domain.TrafficEvent;
import java.io.IOException;
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

/** The external sort into O-ORDER: the order of a stable in-memory sort, spilled runs or not, temporary files gone. */
class OOrderSortTest {
    private static final long NO_SPILL = 1L << 30;
    private static final long TINY = 8 * 1024;

    @TempDir
    Path dir;

    private Path generated(String name, int events, Duration maxLateness) throws IOException {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new TrafficGenerator(200, events, 9, maxLateness).writeTo(out);
        }
        return file;
    }

    private Path shuffled(Path source) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(source, StandardCharsets.UTF_8));
        Collections.shuffle(lines, new Random(11));
        lines.add(lines.size() / 2, "not json"); // a dead letter in the middle, reported once
        lines.add(lines.size() / 3, "");
        return Files.write(dir.resolve("shuffled-" + source.getFileName()), lines, StandardCharsets.UTF_8);
    }

    private Path inOOrder(Path source) throws IOException {
        return OOrderFiles.sortedCopy(source, dir);
    }

    private Path tmp() throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    /** The events as the sort gives them, each as its domain event (every field billing reads) and position. */
    private static List<String> drain(OOrderSort sort) throws IOException {
        List<String> events = new ArrayList<>();
        for (TrafficEvent event = sort.next(); event != null; event = sort.next()) {
            events.add(event.position() + " " + event);
        }
        return events;
    }

    /** What a stable sort of everything in memory gives: replay's order before it streamed. */
    private static List<String> sortedInMemory(List<Path> inputs) throws IOException {
        return TrafficFiles.readSorted(inputs, null).events().stream().map(e -> e.position() + " " + e.event()).toList();
    }

    private OOrderSort sort(List<Path> inputs, long memory, Writer deadLetters) throws IOException {
        OOrderSort sort = new OOrderSort(memory, tmp());
        sort.read(inputs, deadLetters, events -> { });
        return sort;
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> left = Files.list(tmp())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void shouldGiveTheOrderOfAStableSortWhenTinyMemoryForcesManySpilledRuns() throws IOException {
        List<Path> inputs = List.of(shuffled(generated("a.jsonl", 6_000, Duration.ZERO)), generated("b.jsonl", 3_000, Duration.ofDays(1)));
        List<String> expected = sortedInMemory(inputs);

        List<String> spilled;
        int runs;
        try (OOrderSort sort = sort(inputs, TINY, null)) {
            runs = sort.spilledRuns();
            spilled = drain(sort);
        }
        List<String> inMemory;
        try (OOrderSort sort = sort(inputs, NO_SPILL, null)) {
            assertThat(sort.spilledRuns()).isZero();
            inMemory = drain(sort);
        }

        assertThat(runs).isGreaterThan(10);
        assertThat(spilled).hasSize(expected.size()).isEqualTo(expected);
        assertThat(inMemory).isEqualTo(expected);
        assertNoTemporaryFiles();
    }

    @Test
    void shouldSpillNothingWhenEveryInputIsAlreadyInOOrder() throws IOException {
        List<Path> inputs = List.of(inOOrder(generated("a.jsonl", 5_000, Duration.ZERO)), inOOrder(generated("b.jsonl", 4_000, Duration.ofDays(1))));

        try (OOrderSort sort = sort(inputs, TINY, null)) {
            assertThat(sort.spilledRuns()).isZero();
            assertThat(sort.spilledEvents()).isZero();
            assertThat(drain(sort)).isEqualTo(sortedInMemory(inputs));
        }
        assertNoTemporaryFiles();
    }

    @Test
    void shouldReportEachDeadLetterOnceAndCountEventsWhenRunsAreReadTwice() throws IOException {
        Path input = shuffled(generated("a.jsonl", 2_000, Duration.ZERO));
        StringWriter deadLetters = new StringWriter();

        try (OOrderSort sort = sort(List.of(input), TINY, deadLetters)) {
            assertThat(sort.deadLetters()).isEqualTo(1);
            assertThat(sort.events()).isEqualTo(drain(sort).size()).isEqualTo(2_000);
        }
        assertThat(deadLetters.toString().lines()).singleElement().asString().contains("not json");
    }

    @Test
    void shouldDeleteSpilledRunsWhenClosedBeforeTheyAreMerged() throws IOException {
        Path input = shuffled(generated("a.jsonl", 2_000, Duration.ZERO));

        try (OOrderSort sort = sort(List.of(input), TINY, null)) {
            assertThat(sort.spilledRuns()).isPositive();
            try (Stream<Path> files = Files.list(tmp())) {
                assertThat(files).hasSize(sort.spilledRuns());
            }
            sort.next(); // merging began, then stopped (a failure further on)
        }
        assertNoTemporaryFiles();
    }
}
