package dev.convometer.app.replay;

import dev.convometer.app.traffic.TrafficFileReader;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.TrafficEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The events of traffic files in O-ORDER, in bounded memory (SPEC section 1; replay's default order): the same order
 * as a stable sort of all valid events by {@link dev.convometer.domain.EventPosition}, so exact copies keep input order
 * (files in the order given, then lines).
 *
 * <p>Two passes. {@link #read} reads every file once: it checks each line against the contract (dead letters are
 * written there, in file order, as before), counts the events, and finds how far each file is already in O-ORDER.
 * That prefix is the file's <em>natural run</em>: nothing of it is kept or written; the second pass reads it from the
 * file again. From the first event out of order on, the rest of the file goes into a buffer of compactly encoded
 * events ({@link SortedRun.Entry}) with their sort keys; a full buffer (the memory budget) is sorted and written to a
 * temporary file as a sorted run; a last buffer that fits in half the budget stays in memory, sorted. {@link #next}
 * then merges every run (k-way, by O-ORDER position, then input position). So inputs that are each in O-ORDER are
 * merged straight from the files, without spilling (their lines are parsed twice: checking them once is what proves
 * them sorted).
 *
 * <p>Temporary files go to {@code tmpDir} and are deleted by {@link #close}, whatever happened.
 */
final class OOrderSort implements Closeable {
    private final long memoryBytes;
    private final Path tmpDir;
    private final List<Path> inputs = new ArrayList<>();
    /** Per input: the last line of its natural run (0: none). */
    private final List<Long> naturalEnds = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    private final List<List<SortedRun.Entry>> inMemory = new ArrayList<>();
    private long inMemoryBytes;
    private final Map<EventKind, Long> byKind = TrafficFiles.countsByKind();
    private long events;
    private long deadLetters;
    private long spilledEvents;
    private PriorityQueue<SortedRun> heap;
    private final List<SortedRun> open = new ArrayList<>();
    private SortedRun single;
    private TrafficEvent current;

    /**
     * @param memoryBytes how much the buffered events of the first pass may take, roughly
     * @param tmpDir      where sorted runs are written (created files only; deleted by {@link #close})
     */
    OOrderSort(long memoryBytes, Path tmpDir) {
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, was " + memoryBytes);
        }
        this.memoryBytes = memoryBytes;
        this.tmpDir = tmpDir;
    }

    /** Receives the count of events read so far, now and then (progress). */
    interface Progress {
        void read(long events);
    }

    /** The first pass over all inputs, in the order given; contract dead letters go to {@code deadLetters} when not null. */
    void read(List<Path> files, Writer deadLetters, Progress progress) throws IOException {
        for (Path input : files) {
            int fileIndex = inputs.size();
            inputs.add(input);
            naturalEnds.add(readFile(input, fileIndex, deadLetters, progress));
        }
    }

    private long readFile(Path input, int fileIndex, Writer deadLetterOut, Progress progress) throws IOException {
        long naturalEnd = 0;
        boolean natural = true;
        SortKey previous = null;
        List<SortedRun.Entry> buffer = new ArrayList<>();
        long buffered = 0;
        try (TrafficFileReader reader = new TrafficFileReader(input, deadLetterOut, true)) {
            for (TrafficLine line = reader.next(); line != null; line = reader.next()) {
                TrafficEvent event = line.event();
                events++;
                byKind.merge(event.kind(), 1L, Long::sum);
                if ((events & 0xFFFF) == 0) {
                    progress.read(events);
                }
                long seq = SortKey.seq(fileIndex, reader.lineNumber());
                if (natural) {
                    SortKey key = new SortKey(event, seq);
                    if (previous == null || previous.compareTo(key) < 0) {
                        previous = key;
                        naturalEnd = reader.lineNumber(); // still in order: the file itself holds the run
                        continue;
                    }
                    natural = false; // the natural run ends before this line; the rest is sorted here
                }
                SortedRun.Entry entry = SortedRun.Entry.of(event, seq);
                buffer.add(entry);
                buffered += entry.size();
                if (buffered + inMemoryBytes >= memoryBytes) {
                    spill(buffer);
                    buffer = new ArrayList<>();
                    buffered = 0;
                }
            }
            deadLetters += reader.deadLetters();
        }
        if (!buffer.isEmpty()) {
            if (buffered + inMemoryBytes <= memoryBytes / 2) {
                buffer.sort(null);
                inMemory.add(buffer);
                inMemoryBytes += buffered;
            } else {
                spill(buffer);
            }
        }
        return naturalEnd;
    }

    private void spill(List<SortedRun.Entry> buffer) throws IOException {
        buffer.sort(null);
        Path file = Files.createTempFile(tmpDir, "convo-meter-sort-", ".run");
        spilled.add(file);
        SortedRun.write(buffer, file);
        spilledEvents += buffer.size();
    }

    Map<EventKind, Long> byKind() {
        return byKind;
    }

    long events() {
        return events;
    }

    long deadLetters() {
        return deadLetters;
    }

    /** Sorted runs written to temporary files. */
    int spilledRuns() {
        return spilled.size();
    }

    long spilledEvents() {
        return spilledEvents;
    }

    /** The next event in O-ORDER, or null when all are out; the second pass. */
    TrafficEvent next() throws IOException {
        if (heap == null) {
            openRuns();
        }
        if (single != null) {
            return single.advance() ? single.event() : null;
        }
        if (current != null) {
            SortedRun top = heap.poll();
            if (top.advance()) {
                heap.add(top);
            }
        }
        SortedRun top = heap.peek();
        current = top == null ? null : top.event();
        return current;
    }

    private void openRuns() throws IOException {
        heap = new PriorityQueue<>((a, b) -> a.key().compareTo(b.key()));
        for (int i = 0; i < inputs.size(); i++) {
            if (naturalEnds.get(i) > 0) {
                open.add(SortedRun.natural(inputs.get(i), i, naturalEnds.get(i)));
            }
        }
        for (Path file : spilled) {
            open.add(SortedRun.spilled(file));
        }
        for (List<SortedRun.Entry> entries : inMemory) {
            open.add(SortedRun.inMemory(entries));
        }
        inMemory.clear();
        if (open.size() == 1) {
            single = open.get(0);
            return;
        }
        for (SortedRun run : open) {
            if (run.advance()) {
                heap.add(run);
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (SortedRun run : open) {
            try {
                run.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        for (Path file : spilled) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
