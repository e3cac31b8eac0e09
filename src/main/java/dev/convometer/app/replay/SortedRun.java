package dev.convometer.app.replay;

import dev.convometer.app.traffic.TrafficFileReader;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.RepartitionFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One sorted run of {@link OOrderSort}: yields its events in O-ORDER, each with its {@link SortKey}. A run is the
 * natural (already sorted) start of an input file, a sorted buffer written to a temporary file, or one kept in memory.
 * Events are held in the pair repartition topic's compact form ({@link RepartitionFormat}).
 */
abstract class SortedRun implements Closeable {
    private static final int IO_BUFFER = 1 << 16;

    /** A buffered event: its key and its encoded form. */
    record Entry(SortKey key, byte[] encoded) implements Comparable<Entry> {
        /** A rough per-entry cost beside its bytes: objects, array slots, headers. */
        private static final int OVERHEAD = 120;

        static Entry of(TrafficEvent event, long seq) {
            return new Entry(new SortKey(event, seq), RepartitionFormat.encode(event));
        }

        @Override
        public int compareTo(Entry other) {
            return key.compareTo(other.key);
        }

        long size() {
            return OVERHEAD + key.eventId.length + encoded.length;
        }
    }

    private TrafficEvent event;
    private SortKey key;

    /** Moves to the next event; false when the run is done. */
    final boolean advance() throws IOException {
        if (!next()) {
            event = null;
            key = null;
            return false;
        }
        return true;
    }

    /** Reads the next event into {@link #set}; false at the end. */
    abstract boolean next() throws IOException;

    final void set(TrafficEvent event, SortKey key) {
        this.event = event;
        this.key = key;
    }

    final SortKey key() {
        return key;
    }

    final TrafficEvent event() {
        return event;
    }

    /** Writes sorted {@code entries} to {@code file}: the run {@link #spilled} reads back. */
    static void write(List<Entry> entries, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER))) {
            for (Entry entry : entries) {
                out.writeLong(entry.key().seq);
                out.writeInt(entry.encoded().length);
                out.write(entry.encoded());
            }
        }
    }

    /** The first lines of an input, up to {@code lastLine}, which are in O-ORDER already: read again from the file. */
    static SortedRun natural(Path input, int fileIndex, long lastLine) throws IOException {
        TrafficFileReader reader = new TrafficFileReader(input, null, false); // the first pass reported the dead letters
        return new SortedRun() {
            @Override
            boolean next() throws IOException {
                TrafficLine line = reader.next();
                if (line == null || reader.lineNumber() > lastLine) {
                    return false;
                }
                set(line.event(), new SortKey(line.event(), SortKey.seq(fileIndex, reader.lineNumber())));
                return true;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** A run {@link #write} wrote. */
    static SortedRun spilled(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), IO_BUFFER));
        return new SortedRun() {
            @Override
            boolean next() throws IOException {
                long seq;
                try {
                    seq = in.readLong();
                } catch (EOFException end) {
                    return false;
                }
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                TrafficEvent event = RepartitionFormat.decode(encoded);
                set(event, new SortKey(event, seq));
                return true;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Sorted entries kept in memory; each is let go once merged. */
    static SortedRun inMemory(List<Entry> entries) {
        return new SortedRun() {
            private int next;

            @Override
            boolean next() {
                if (next >= entries.size()) {
                    return false;
                }
                Entry entry = entries.get(next);
                entries.set(next++, null);
                set(RepartitionFormat.decode(entry.encoded()), entry.key());
                return true;
            }

            @Override
            public void close() {
                // nothing held outside the heap
            }
        };
    }
}
