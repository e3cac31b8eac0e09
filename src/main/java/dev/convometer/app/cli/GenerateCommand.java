package dev.convometer.app.cli;

import dev.convometer.app.traffic.OutputFiles;
import dev.convometer.app.traffic.TrafficGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate [--pairs N] [--events M] [--seed S] [--max-lateness DURATION] [--start INSTANT] [--days N]
 * [--accounts-out FILE]}: synthetic traffic from a {@link TrafficGenerator} as JSON Lines on standard output, and the
 * business accounts of its business numbers if asked. Same arguments, same bytes.
 */
@Command(name = "generate", description = {"Write synthetic traffic as JSON Lines to standard output.",
        "Inbound messages, entry points, templates of each category, free-form replies, failed statuses and duplicate"
                + " deliveries over --days days of event time from --start. Same arguments, same bytes."})
final class GenerateCommand extends Subcommand {
    @Option(names = "--pairs", paramLabel = "N", defaultValue = "" + TrafficGenerator.DEFAULT_PAIRS,
            description = "(business, customer) pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--events", paramLabel = "M", defaultValue = "" + TrafficGenerator.DEFAULT_EVENTS,
            description = "Lines to write (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TrafficGenerator.DEFAULT_SEED,
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-lateness", paramLabel = "DURATION", defaultValue = "PT0S", converter = Cli.IsoDuration.class,
            description = {"Delay every line by a uniform random amount in [0, DURATION] (ISO-8601, e.g. P2D or PT90M)"
                    + " and write the lines in that arrival order; the lines themselves do not change (default: ${DEFAULT-VALUE},"
                    + " the plain output)."})
    Duration maxLateness;

    @Option(names = "--start", paramLabel = "INSTANT", defaultValue = TrafficGenerator.DEFAULT_START,
            converter = Cli.IsoInstant.class, description = "Start of event time, ISO-8601 (e.g. 2025-06-28T00:00:00Z),"
                    + " taken at millisecond precision (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + TrafficGenerator.DEFAULT_DAYS,
            description = "Days of event time: every timestamp lies in [start, start + N days)"
                    + " (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--accounts-out", paramLabel = "FILE",
            description = {"Also write the business-account record of each business number of the traffic to FILE"
                    + " (JSON Lines, PRICING 7.2): time zones east and west of UTC, several businesses per WABA and"
                    + " WABAs per portfolio, USD and one WABA in EUR, and one business with a second version from"
                    + " inside the period. Drawn from the seed; the traffic does not change."})
    Path accountsOut;

    GenerateCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        if (maxLateness.isNegative()) {
            throw Cli.usage(spec, "option --max-lateness must not be negative, was '" + maxLateness + "'");
        }
        TrafficGenerator generator;
        try {
            generator = new TrafficGenerator(pairs, events, seed, maxLateness, start, days);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        // before the traffic: a file that cannot be written stops the command before any output
        if (accountsOut != null) {
            try (Writer accounts = Files.newBufferedWriter(accountsOut, StandardCharsets.UTF_8)) {
                generator.writeAccountsTo(accounts);
            } catch (IOException e) {
                err.println("convo-meter generate: cannot write " + accountsOut + ": " + OutputFiles.describe(e));
                return 1;
            }
        }
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            generator.writeTo(w);
            w.flush();
        } catch (IOException e) {
            err.println("convo-meter generate: cannot write output: " + e.getMessage());
            return 1;
        }
        if (out.checkError()) {
            err.println("convo-meter generate: cannot write output");
            return 1;
        }
        return 0;
    }
}
