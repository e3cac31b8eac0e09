package dev.convometer.app.replay;

import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.domain.EventKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * events ({@link EventCodec}) with their sort keys; a full buffer (the memory budget) is sorted and written to a
 * temporary file as a sorted run; a last buffer that fits in half the budget stays in memory, sorted. {@link #next}
 * then merges every run (k-way, by O-ORDER position, then input position). So inputs that are each in O-ORDER are
 * merged straight from the files, without spilling (their lines are parsed twice: checking them once is what proves
 * them sorted).
 *
 * <p>Temporary files go to {@code tmpDir} and are deleted by {@link #close}, whatever happened.
 */
final class OOrderSort implements Closeable {
    /** A rough per-entry cost of a buffered event beside its bytes: objects, array slots, headers. */
    private static final int ENTRY_OVERHEAD = 120;
    private static final int IO_BUFFER = 1 << 16;

    /** Where an event is applied: its O-ORDER position, then its input position (file, then line). */
    static final class Key implements Comparable<Key> {
        final long timestamp;
        final boolean businessSide;
        final byte[] eventId;
        final int kind;
        final long seq;

        Key(TrafficLine event, long seq) {
            this.timestamp = event.timestamp();
            this.businessSide = event.position().businessSide();
            this.eventId = event.position().eventId().getBytes(StandardCharsets.UTF_8);
            this.kind = event.kind().ordinal();
            this.seq = seq;
        }

        @Override
        public int compareTo(Key other) {
            int order = Long.compare(timestamp, other.timestamp);
            if (order != 0) {
                return order;
            }
            order = Boolean.compare(businessSide, other.businessSide);
            if (order != 0) {
                return order;
            }
            order = Arrays.compareUnsigned(eventId, other.eventId);
            if (order != 0) {
                return order;
            }
            order = Integer.compare(kind, other.kind);
            return order != 0 ? order : Long.compare(seq, other.seq);
        }
    }

    private record Entry(Key key, byte[] encoded) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            return key.compareTo(other.key);
        }

        long size() {
            return ENTRY_OVERHEAD + key.eventId.length + encoded.length;
        }
    }

    /** One sorted run: yields its events in order. */
    private interface Run extends Closeable {
        /** Moves to the next event; false when the run is done. */
        boolean advance() throws IOException;

        Key key();

        TrafficLine event();
    }

    private final EventCodec codec = new EventCodec();
    private final long memoryBytes;
    private final Path tmpDir;
    private final List<Path> inputs = new ArrayList<>();
    /** Per input: the last line of its natural run (0: none). */
    private final List<Long> naturalEnds = new ArrayList<>();
    private final List<Path> spilled = new ArrayList<>();
    private final List<List<Entry>> inMemory = new ArrayList<>();
    private long inMemoryBytes;
    private final Map<EventKind, Long> byKind = TrafficFiles.countsByKind();
    private long events;
    private long deadLetters;
    private long spilledEvents;
    private PriorityQueue<Run> heap;
    private final List<Run> open = new ArrayList<>();
    private Run single;
    private TrafficLine current;

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
        Key previous = null;
        List<Entry> buffer = new ArrayList<>();
        long buffered = 0;
        try (TrafficFiles.Reader reader = new TrafficFiles.Reader(input, deadLetterOut, true)) {
            for (TrafficLine event = reader.next(); event != null; event = reader.next()) {
                events++;
                byKind.merge(event.kind(), 1L, Long::sum);
                if ((events & 0xFFFF) == 0) {
                    progress.read(events);
                }
                Key key = new Key(event, seq(fileIndex, reader.lineNumber()));
                if (natural) {
                    if (previous == null || previous.compareTo(key) < 0) {
                        previous = key;
                        naturalEnd = reader.lineNumber(); // still in order: the file itself holds the run
                        continue;
                    }
                    natural = false; // the natural run ends before this line; the rest is sorted here
                }
                Entry entry = new Entry(key, codec.encode(event));
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

    /** File index in the high bits, line number in the low 40 (a trillion lines): input order as one number. */
    private static long seq(int fileIndex, long lineNumber) {
        return ((long) fileIndex << 40) | lineNumber;
    }

    private void spill(List<Entry> buffer) throws IOException {
        buffer.sort(null);
        Path file = Files.createTempFile(tmpDir, "convo-meter-sort-", ".run");
        spilled.add(file);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER))) {
            for (Entry entry : buffer) {
                out.writeLong(entry.key.seq);
                out.writeInt(entry.encoded.length);
                out.write(entry.encoded);
            }
        }
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
    TrafficLine next() throws IOException {
        if (heap == null) {
            openRuns();
        }
        if (single != null) {
            return single.advance() ? single.event() : null;
        }
        if (current != null) {
            Run top = heap.poll();
            if (top.advance()) {
                heap.add(top);
            }
        }
        Run top = heap.peek();
        current = top == null ? null : top.event();
        return current;
    }

    private void openRuns() throws IOException {
        heap = new PriorityQueue<>((a, b) -> a.key().compareTo(b.key()));
        for (int i = 0; i < inputs.size(); i++) {
            if (naturalEnds.get(i) > 0) {
                open.add(new NaturalRun(inputs.get(i), i, naturalEnds.get(i)));
            }
        }
        for (Path file : spilled) {
            open.add(new SpilledRun(file, codec));
        }
        for (List<Entry> entries : inMemory) {
            open.add(new MemoryRun(entries, codec));
        }
        inMemory.clear();
        if (open.size() == 1) {
            single = open.get(0);
            return;
        }
        for (Run run : open) {
            if (run.advance()) {
                heap.add(run);
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Run run : open) {
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

    /** The first lines of an input, which are in O-ORDER already: read again from the file. */
    private static final class NaturalRun implements Run {
        private final TrafficFiles.Reader reader;
        private final int fileIndex;
        private final long lastLine;
        private TrafficLine event;
        private Key key;

        NaturalRun(Path input, int fileIndex, long lastLine) throws IOException {
            this.reader = new TrafficFiles.Reader(input, null, false); // dead letters were reported by the first pass
            this.fileIndex = fileIndex;
            this.lastLine = lastLine;
        }

        @Override
        public boolean advance() throws IOException {
            event = reader.next();
            if (event == null || reader.lineNumber() > lastLine) {
                event = null;
                return false;
            }
            key = null;
            return true;
        }

        @Override
        public Key key() {
            if (key == null) {
                key = new Key(event, seq(fileIndex, reader.lineNumber()));
            }
            return key;
        }

        @Override
        public TrafficLine event() {
            return event;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class SpilledRun implements Run {
        private final DataInputStream in;
        private final EventCodec codec;
        private byte[] bytes = new byte[512];
        private TrafficLine event;
        private Key key;

        SpilledRun(Path file, EventCodec codec) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), IO_BUFFER));
            this.codec = codec;
        }

        @Override
        public boolean advance() throws IOException {
            long seq;
            try {
                seq = in.readLong();
            } catch (EOFException end) {
                event = null;
                return false;
            }
            int length = in.readInt();
            if (length > bytes.length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            in.readFully(bytes, 0, length);
            event = codec.decode(bytes, length);
            key = new Key(event, seq);
            return true;
        }

        @Override
        public Key key() {
            return key;
        }

        @Override
        public TrafficLine event() {
            return event;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class MemoryRun implements Run {
        private final List<Entry> entries;
        private final EventCodec codec;
        private int next;
        private TrafficLine event;
        private Key key;

        MemoryRun(List<Entry> entries, EventCodec codec) {
            this.entries = entries;
            this.codec = codec;
        }

        @Override
        public boolean advance() {
            if (next >= entries.size()) {
                event = null;
                return false;
            }
            Entry entry = entries.get(next);
            entries.set(next++, null); // let it go once merged
            event = codec.decode(entry.encoded(), entry.encoded().length);
            key = entry.key();
            return true;
        }

        @Override
        public Key key() {
            return key;
        }

        @Override
        public TrafficLine event() {
            return event;
        }

        @Override
        public void close() {
            // nothing held outside the heap
        }
    }
}
