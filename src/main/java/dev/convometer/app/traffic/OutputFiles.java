package dev.convometer.app.traffic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The output files a command writes (UTF-8 JSON Lines, buffered): opened together, flushed together, closed together.
 * A file that cannot be opened is an {@link IOException} with a one-line message naming it.
 */
public final class OutputFiles implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final List<Writer> writers = new ArrayList<>();

    /** Opens (creates or truncates) {@code path} for writing; null for a file not asked for. */
    public Writer open(Path path) throws IOException {
        if (path == null) {
            return null;
        }
        try {
            Writer writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), BUFFER);
            writers.add(writer);
            return writer;
        } catch (IOException e) {
            throw new IOException("cannot write output file " + path + ": " + describe(e), e);
        }
    }

    /** Writes {@code line} and a line feed to {@code file}, if it was asked for (not null). */
    public static void writeLine(Writer file, String line) {
        if (file == null) {
            return;
        }
        try {
            file.write(line);
            file.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes every file. */
    public void flush() {
        for (Writer writer : writers) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Closes every file, reporting the first that cannot be written out (a full disk, say). */
    public void closeAll() throws IOException {
        IOException first = null;
        for (Writer writer : writers) {
            try {
                writer.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        writers.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Closes every file still open, quietly: after a failure that is reported already. */
    @Override
    public void close() {
        try {
            closeAll();
        } catch (IOException ignored) {
            // the failure being reported comes first
        }
    }

    /** One line for a file that cannot be read or written. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
