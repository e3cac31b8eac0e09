package dev.convometer.app.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The local broker's log file ({@code server.log}), read back to say why the broker failed. */
final class BrokerLog {
    private static final int TAIL_LINES = 30;
    private static final int MAX_BYTES = 1024 * 1024;
    /** A line of the broker's log starts with the time, HH:mm:ss.SSS. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    private final Path file;

    BrokerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** {@code message}, then the log's first error and its last lines. */
    IOException failure(String message) {
        return new IOException(message + "; " + excerpt(lines()));
    }

    /** Whether the broker could not bind a port because another process holds it. */
    static boolean portTaken(List<String> lines) {
        return lines.stream().anyMatch(line -> line.contains("BindException: Address already in use"));
    }

    /**
     * The first ERROR of the log with the causes of its exception (a failing broker logs dozens of
     * lines of shutdown after it), then the last lines.
     */
    String excerpt(List<String> lines) {
        StringBuilder text = new StringBuilder();
        String newline = System.lineSeparator();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ")) {
                text.append("first error in ").append(file).append(':').append(newline).append(lines.get(i));
                appendTrace(text, lines, i);
                text.append(newline);
                break;
            }
        }
        text.append("last lines of ").append(file).append(':');
        for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
            text.append(newline).append(line);
        }
        return text.toString();
    }

    /** The exception's own line and its causes after the ERROR line {@code error}, without the "at" frames. */
    private static void appendTrace(StringBuilder text, List<String> lines, int error) {
        for (int j = error + 1; j < lines.size(); j++) {
            String line = lines.get(j);
            // the next log line has a time
            boolean trace = line.startsWith("\t") || line.startsWith("Caused by: ")
                    || j == error + 1 && !LOG_LINE.matcher(line).lookingAt();
            if (!trace) {
                return;
            }
            if (!line.startsWith("\t")) {
                text.append(System.lineSeparator()).append(line);
            }
        }
    }

    /** The log's lines (its last MiB), or a line saying why it cannot be read. */
    List<String> lines() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e + ")");
        }
    }
}
