package dev.convometer.app;

import dev.convometer.topology.BillingSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code replay --input FILE [--input FILE ...] --output OPENED.jsonl [--rejected FILE] [--dead-letter FILE]
 * [--arrival-order] [--voided FILE] [--withdrawn FILE]} (SPEC section 5).
 * <p>
 * {@code --arrival-order} applies the events as the files hold them, as a live stream would receive them; it needs
 * {@code --voided} and {@code --withdrawn}, since its opened and rejected files alone count what corrections took back.
 * {@code --voided} and {@code --withdrawn} are also accepted without it: the files are written, and are empty, since
 * nothing is late in O-ORDER.
 * <p>
 * {@code --threads N} bills on N threads (default: the number of cores; the output is the same whatever N);
 * {@code --memory SIZE} is what sorting into O-ORDER may hold before it writes a sorted run to a temporary file (default
 * 256m); {@code --tmp-dir DIR} is where those go (default: the system's temporary directory); {@code --state} is where
 * billing keeps the state that grows with the events: {@code memory}, {@code disk} (RocksDB in the temporary
 * directory) or {@code auto} (the default: on disk when the inputs are too big for the heap).
 */
final class ReplayCommand {
    static final String USAGE = "usage: convo-meter replay --input FILE [--input FILE ...] --output OPENED.jsonl"
            + " [--rejected REJECTED.jsonl] [--dead-letter DEAD.jsonl]"
            + " [--arrival-order --voided VOIDED.jsonl --withdrawn WITHDRAWN.jsonl]"
            + " [--threads N] [--memory SIZE] [--tmp-dir DIR] [--state auto|memory|disk]";
    static final String ARRIVAL_ORDER = "--arrival-order";
    private static final Set<String> OPTIONS = Set.of("--input", "--output", "--rejected", "--dead-letter", "--voided", "--withdrawn",
            "--threads", "--memory", "--tmp-dir", "--state");

    private ReplayCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> inputs;
        Path opened;
        Path rejected;
        Path deadLetters;
        Path voided;
        Path withdrawn;
        Replay.Order order;
        Replay.Options replayOptions;
        try {
            CommandLine options = new CommandLine(args, OPTIONS, Set.of(ARRIVAL_ORDER));
            inputs = options.all("--input").stream().map(Path::of).toList();
            if (inputs.isEmpty()) {
                throw new CommandLine.UsageException("missing option --input");
            }
            opened = Path.of(options.required("--output"));
            rejected = pathOrNull(options.optional("--rejected"));
            deadLetters = pathOrNull(options.optional("--dead-letter"));
            voided = pathOrNull(options.optional("--voided"));
            withdrawn = pathOrNull(options.optional("--withdrawn"));
            order = options.flag(ARRIVAL_ORDER) ? Replay.Order.ARRIVAL : Replay.Order.O_ORDER;
            if (order == Replay.Order.ARRIVAL && (voided == null || withdrawn == null)) {
                throw new CommandLine.UsageException(ARRIVAL_ORDER + " needs --voided and --withdrawn: the conversations"
                        + " and rejections that late events take back go there");
            }
            Replay.Options defaults = Replay.Options.defaults();
            long threads = options.number("--threads", defaults.threads());
            if (threads < 1 || threads > 1024) {
                throw new CommandLine.UsageException("option --threads needs a number from 1 to 1024, was " + threads);
            }
            String tmpDir = options.optional("--tmp-dir");
            replayOptions = new Replay.Options((int) threads, size(options.optional("--memory"), defaults.memoryBytes()),
                    tmpDir == null ? defaults.tmpDir() : Path.of(tmpDir), state(options.optional("--state")));
        } catch (CommandLine.UsageException e) {
            err.println("convo-meter replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        List<Writer> writers = new ArrayList<>();
        try {
            TrafficFiles.requireReadable(inputs);
            Replay.Outputs outputs = new Replay.Outputs(open(opened, writers), open(rejected, writers), open(deadLetters, writers),
                    open(voided, writers), open(withdrawn, writers));
            BillingSummary summary = new Replay(BillingSettings.DEFAULTS, err,
                    replayOptions).run(inputs, outputs, order);
            for (Writer writer : writers) {
                writer.close();
            }
            summary.print(out);
            return 0;
        } catch (IOException e) {
            err.println("convo-meter replay: " + describe(e));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("convo-meter replay: " + describe(e.getCause()));
            return 1;
        } catch (RuntimeException e) {
            // a fault of the topology or the test driver: still one line, and a non-zero status
            err.println("convo-meter replay: " + oneLine(e.toString()));
            return 1;
        } finally {
            closeQuietly(writers);
        }
    }

    /** {@code --memory}: bytes, or a number with k, m or g (binary units, any case): {@code 256m}, {@code 1g}. */
    static long size(String value, long defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = 0;
        if (!text.isEmpty()) {
            switch (text.charAt(text.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
            throw new CommandLine.UsageException("option --memory needs a size such as 256m or 1g, was '" + value + "'");
        }
        return number << shift;
    }

    private static Replay.State state(String value) {
        if (value == null) {
            return Replay.State.AUTO;
        }
        return switch (value) {
            case "auto" -> Replay.State.AUTO;
            case "memory" -> Replay.State.MEMORY;
            case "disk" -> Replay.State.DISK;
            default -> throw new CommandLine.UsageException("option --state needs auto, memory or disk, was '" + value + "'");
        };
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }

    private static Writer open(Path path, List<Writer> opened) throws IOException {
        if (path == null) {
            return null;
        }
        try {
            Writer writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
            opened.add(writer);
            return writer;
        } catch (IOException e) {
            throw new IOException("cannot write output file " + path + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static String oneLine(String message) {
        return message.lines().findFirst().orElse("");
    }

    private static void closeQuietly(List<Writer> writers) {
        for (Writer writer : writers) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // already reported, or closed above
            }
        }
    }
}
