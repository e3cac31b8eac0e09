package dev.convometer.app.traffic;

import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.EventKind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic files read for billing (SPEC section 5): every line checked against the contract, the valid events either in
 * O-ORDER (SPEC section 1: timestamp, customer-side before business messages, event_id as unsigned UTF-8 bytes; the
 * sort is stable, so exact copies of one event keep file order, files in the order given) or as they stand in the
 * files (replay --arrival-order). Used by replay, publish and local, so that they apply history in the same order.
 */
public final class TrafficFiles {
    public record Read(List<TrafficLine> events, Map<EventKind, Long> byKind, long deadLetters) {
    }

    private TrafficFiles() {
    }

    /** Fails with a one-line message when a file is missing or unreadable, before anything is read. */
    public static void requireReadable(List<Path> inputs) throws IOException {
        for (Path input : inputs) {
            if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                throw new IOException("cannot read input file " + input + (Files.exists(input) ? "" : ": no such file"));
            }
        }
    }

    /**
     * The valid events in O-ORDER ({@link dev.convometer.domain.EventPosition}, the order billing applies a pair's
     * events in). Lines that break the contract go to {@code deadLetters} (when not null) with file, line number and
     * reason.
     */
    public static Read readSorted(List<Path> inputs, Writer deadLetters) throws IOException {
        return read(inputs, deadLetters, true);
    }

    /** The valid events in the order of the files (files in the order given, lines as they stand), as a live stream would receive them. */
    public static Read readInFileOrder(List<Path> inputs, Writer deadLetters) throws IOException {
        return read(inputs, deadLetters, false);
    }

    private static Read read(List<Path> inputs, Writer deadLetters, boolean sorted) throws IOException {
        requireReadable(inputs);
        List<TrafficLine> events = new ArrayList<>();
        long dead = 0;
        for (Path input : inputs) {
            try (Reader reader = new Reader(input, deadLetters, true)) {
                for (TrafficLine event = reader.next(); event != null; event = reader.next()) {
                    events.add(event);
                }
                dead += reader.deadLetters();
            }
        }
        if (sorted) {
            events.sort(Comparator.comparing(TrafficLine::position)); // List.sort is stable: equal positions keep input order
        }
        Map<EventKind, Long> byKind = countsByKind();
        events.forEach(e -> byKind.merge(e.kind(), 1L, Long::sum));
        return new Read(events, byKind, dead);
    }

    /** A count of zero for every kind. */
    public static Map<EventKind, Long> countsByKind() {
        Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            byKind.put(kind, 0L);
        }
        return byKind;
    }

    /**
     * The valid events of one file, one at a time, in file order; blank lines skipped, a byte order mark before the
     * first line dropped. A line that is not UTF-8 or breaks the contract is a dead letter: written to
     * {@code deadLetters} (when not null) with file, line number and reason, and counted, when {@code report} is set;
     * skipped silently otherwise (a second reading of a file already reported).
     */
    public static final class Reader implements Closeable {
        private final Path input;
        private final Writer deadLetters;
        private final boolean report;
        private final InputStream in;
        private final LineBytes bytes;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input instead of replacing it
        private long number;
        private long dead;

        public Reader(Path input, Writer deadLetters, boolean report) throws IOException {
            this.input = input;
            this.deadLetters = deadLetters;
            this.report = report;
            this.in = Files.newInputStream(input);
            this.bytes = new LineBytes(in);
        }

        /** The next valid event, or null at the end of the file. */
        public TrafficLine next() throws IOException {
            while (bytes.next()) {
                number++;
                String line;
                try {
                    line = utf8.decode(bytes.buffer()).toString();
                } catch (CharacterCodingException e) {
                    deadLetter(bytes.replacingMalformed(), "not UTF-8 (written with U+FFFD for each malformed byte sequence)");
                    continue;
                }
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte order mark some editors write; not part of the first event
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    return TrafficLine.parse(line);
                } catch (ContractViolation violation) {
                    deadLetter(line, violation.getMessage());
                }
            }
            return null;
        }

        /** The number of the line {@link #next} returned last (the first line is 1). */
        public long lineNumber() {
            return number;
        }

        /** The bytes of the line {@link #next} returned last; valid until the next call. */
        byte[] lineBytes() {
            return bytes.line;
        }

        int lineLength() {
            return bytes.length;
        }

        /** The dead letters reported so far. */
        public long deadLetters() {
            return dead;
        }

        private void deadLetter(String line, String reason) throws IOException {
            if (!report) {
                return;
            }
            dead++;
            if (deadLetters != null) {
                writeDeadLetter(deadLetters, input, number, line, reason);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The bytes of one JSON Lines line at a time: lines end with LF, one CR before it is dropped, and a bare CR is part
     * of the line (BufferedReader.readLine would split there). Read as bytes so that a line that is not UTF-8 is a dead
     * letter rather than the end of the file.
     */
    private static final class LineBytes {
        private final InputStream in;
        private final byte[] chunk = new byte[64 * 1024];
        private int chunkStart;
        private int chunkEnd;
        private byte[] line = new byte[512];
        private int length;

        LineBytes(InputStream in) {
            this.in = in;
        }

        /** Reads the next line; false at the end of the input. */
        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (chunkStart == chunkEnd) {
                    chunkEnd = in.read(chunk);
                    chunkStart = 0;
                    if (chunkEnd < 0) {
                        chunkEnd = 0;
                        return any;
                    }
                }
                any = true;
                int end = chunkStart;
                while (end < chunkEnd && chunk[end] != '\n') {
                    end++;
                }
                append(chunkStart, end);
                if (end < chunkEnd) {
                    chunkStart = end + 1;
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return true;
                }
                chunkStart = chunkEnd;
            }
        }

        private void append(int from, int to) {
            int count = to - from;
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(chunk, from, line, length, count);
            length += count;
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(line, 0, length);
        }

        /** The line as text, each byte that is not UTF-8 replaced by U+FFFD. */
        String replacingMalformed() {
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
    }

    private static void writeDeadLetter(Writer out, Path file, long number, String line, String reason) throws IOException {
        out.write(BillingJson.object(json -> {
            json.writeStringField("file", file.toString());
            json.writeNumberField("line", number);
            json.writeStringField("reason", reason);
            json.writeStringField("input", line);
        }));
        out.write('\n');
    }
}
