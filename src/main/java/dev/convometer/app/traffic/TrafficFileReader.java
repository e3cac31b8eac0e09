package dev.convometer.app.traffic;

import dev.convometer.domain.ContractViolation;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The valid events of one traffic file, one at a time, in file order; blank lines skipped, a byte order mark before
 * the first line dropped. A line that is not UTF-8 or breaks the contract is a dead letter: written to
 * {@code deadLetters} (when not null) with file, line number and reason, and counted, when {@code report} is set;
 * skipped silently otherwise (a second reading of a file already reported).
 *
 * <p>Parsing a line is most of what reading costs, and lines do not depend on each other: the caller's thread cuts
 * the file into chunks of lines, a pool with a thread per core parses them, and the caller takes the results chunk by
 * chunk in file order (a few chunks ahead at most, so memory stays bounded). Dead letters are written by the caller,
 * in file order, as before.
 */
public final class TrafficFileReader implements Closeable {
    private static final int CHUNK_LINES = 1024;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final int CHUNKS_AHEAD = 2 * CORES;
    private static final ExecutorService PARSERS = Executors.newFixedThreadPool(CORES, daemonThreads());

    /** A line that is not an event, and why. */
    private record DeadLine(String text, String reason) {
    }

    /**
     * What the lines of the file from {@code firstNumber} on became: a TrafficLine, a DeadLine, or null (blank); and
     * the text of each valid one, for a dead letter the billing node may still make of it (too late to correct).
     */
    private record Chunk(long firstNumber, Object[] parsed, String[] texts) {
    }

    private final Path input;
    private final Writer deadLetters;
    private final boolean report;
    private final InputStream in;
    private final LineBytes bytes;
    private final Deque<Future<Chunk>> ahead = new ArrayDeque<>();
    private long numberRead;
    private boolean endOfFile;
    private Chunk chunk;
    private int next;
    private long number;
    private long dead;

    public TrafficFileReader(Path input, Writer deadLetters, boolean report) throws IOException {
        this.input = input;
        this.deadLetters = deadLetters;
        this.report = report;
        this.in = Files.newInputStream(input);
        this.bytes = new LineBytes(in);
    }

    /** The next valid event, or null at the end of the file. */
    public TrafficLine next() throws IOException {
        while (true) {
            if (chunk == null || next == chunk.parsed().length) {
                chunk = nextChunk();
                next = 0;
                if (chunk == null) {
                    return null;
                }
            }
            int at = next++;
            number = chunk.firstNumber() + at;
            Object parsed = chunk.parsed()[at];
            if (parsed instanceof TrafficLine line) {
                return line;
            }
            if (parsed instanceof DeadLine line) {
                deadLetter(line);
            }
        }
    }

    /** The number of the line {@link #next} returned last (the first line is 1). */
    public long lineNumber() {
        return number;
    }

    /** Where the event {@link #next} returned last was read. */
    public SourceLine source() {
        return new SourceLine(input, number, chunk.texts()[next - 1]);
    }

    /** The dead letters reported so far. */
    public long deadLetters() {
        return dead;
    }

    @Override
    public void close() throws IOException {
        ahead.forEach(parsing -> parsing.cancel(false));
        in.close();
    }

    /** Keeps {@link #CHUNKS_AHEAD} chunks parsing, then waits for the oldest. */
    private Chunk nextChunk() throws IOException {
        while (!endOfFile && ahead.size() < CHUNKS_AHEAD) {
            byte[][] lines = readLines();
            if (lines.length == 0) {
                break;
            }
            long first = numberRead - lines.length + 1;
            ahead.add(PARSERS.submit(() -> parse(first, lines)));
        }
        Future<Chunk> oldest = ahead.poll();
        if (oldest == null) {
            return null;
        }
        try {
            return oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + input);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("parsing " + input + " failed", e.getCause());
        }
    }

    private byte[][] readLines() throws IOException {
        byte[][] lines = new byte[CHUNK_LINES][];
        int count = 0;
        while (count < CHUNK_LINES) {
            if (!bytes.next()) {
                endOfFile = true;
                break;
            }
            lines[count++] = bytes.copy();
            numberRead++;
        }
        return count == CHUNK_LINES ? lines : Arrays.copyOf(lines, count);
    }

    /** On a parser thread: what each line of the chunk is. */
    private static Chunk parse(long firstNumber, byte[][] lines) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input instead of replacing it
        Object[] parsed = new Object[lines.length];
        String[] texts = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(lines[i])).toString();
            } catch (CharacterCodingException e) {
                parsed[i] = new DeadLine(new String(lines[i], StandardCharsets.UTF_8),
                        "not UTF-8 (written with U+FFFD for each malformed byte sequence)");
                continue;
            }
            if (firstNumber + i == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte order mark some editors write; not part of the first event
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                parsed[i] = TrafficLine.parse(line);
                texts[i] = line;
            } catch (ContractViolation violation) {
                parsed[i] = new DeadLine(line, violation.getMessage());
            }
        }
        return new Chunk(firstNumber, parsed, texts);
    }

    private void deadLetter(DeadLine line) throws IOException {
        if (!report) {
            return;
        }
        dead++;
        if (deadLetters != null) {
            TrafficFiles.writeDeadLetter(deadLetters, input, number, line.text(), line.reason());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "convo-meter-parser-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
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

        byte[] copy() {
            return Arrays.copyOf(line, length);
        }
    }
}
