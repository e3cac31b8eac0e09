package dev.convometer.app.cli;

import dev.convometer.app.statement.CountersCsv;
import dev.convometer.app.statement.MonthlyCounters;
import dev.convometer.app.statement.PricedRecords;
import dev.convometer.app.statement.Statement;
import dev.convometer.app.statement.StatementCsv;
import dev.convometer.app.statement.StatementException;
import dev.convometer.domain.pricing.TierScope;
import dev.convometer.app.statement.UnmatchedVoid;
import dev.convometer.app.traffic.OutputFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code statement [--conversations FILE ...] [--messages FILE ...] [--conversations-voided FILE ...]
 * [--messages-voided FILE ...] [--output FILE] [--counters FILE [--cbp-free-tier N] [--pmp-service-free-tier N]
 * [--tier-scope portfolio|waba]]}: the totals of priced records (PRICING.md 7.8) as CSV, emitted minus voided
 * ({@link Statement}), and with {@code --counters} the monthly counters of the net records (PRICING.md 7.11,
 * {@link MonthlyCounters}) as a second CSV. Every input is checked readable before any is read. A void that cancels nothing is
 * reported with its {@code charge_id}; the totals are still written (to see what the rest adds up to), and the exit
 * status is 1, since they miss a correction.
 */
@Command(name = "statement", description = {"Total priced records as CSV, emitted minus voided, by WABA, month, market and pricing.",
        "Each voided file is netted against the emitted files of its kind as multisets of whole records: a voided record"
                + " cancels one emitted record equal to it on every field but voided_by, whatever the order of the files."
                + " Conversations and messages are then totalled together.",
        "A row per (waba_id, billing_month, currency, market, pricing_category, pricing_type), sorted by those as UTF-8"
                + " bytes, with count, billable_count, amount (the exact sum, 6 decimals; a null amount adds nothing),"
                + " no_rate (records with unpriced_reason no_rate) and unpriced (pricing_type unpriced).",
        "With --counters FILE, also the monthly counters of the net records (PRICING 7.11) as CSV: a row per free-tier"
                + " counter (cbp_service per WABA and month, pmp_service per business number and month) with count,"
                + " free_limit, free_used and free_left, and a row per tier band of each volume-tier counter (scope,"
                + " scope id, month, market, category) with count (the volume reached), tier and tier_count.",
        "A voided record that matches no emitted record is reported on standard error with its charge_id; the totals"
                + " are still written, and the exit status is 1. Prints a one-line summary on standard error."})
final class StatementCommand extends Subcommand {
    @Option(names = "--conversations", paramLabel = "FILE", description = "Priced conversations (JSON Lines); repeat for more.")
    List<Path> conversations;

    @Option(names = "--messages", paramLabel = "FILE", description = "Priced messages (JSON Lines); repeat for more.")
    List<Path> messages;

    @Option(names = "--conversations-voided", paramLabel = "FILE",
            description = "Voided priced conversations (each with voided_by); repeat for more.")
    List<Path> conversationsVoided;

    @Option(names = "--messages-voided", paramLabel = "FILE",
            description = "Voided priced messages (each with voided_by); repeat for more.")
    List<Path> messagesVoided;

    @Option(names = "--output", paramLabel = "FILE", description = "The CSV statement (default: standard output).")
    Path output;

    @Option(names = "--counters", paramLabel = "FILE", description = "Also write the monthly counters of the net records"
            + " as CSV (PRICING 7.11): free tier used and left, volume reached per tier band.")
    Path counters;

    @Option(names = "--cbp-free-tier", paramLabel = "N", description = "With --counters: free service conversations per"
            + " WABA and month under CBP_2023, as the pricing used (integer >= 0; default: "
            + MonthlyCounters.DEFAULT_FREE_TIER + ").")
    String cbpFreeTier;

    @Option(names = "--pmp-service-free-tier", paramLabel = "N", description = "With --counters: free service messages"
            + " per business number and month under PMP_2026, as the pricing used (integer >= 0; default: "
            + MonthlyCounters.DEFAULT_FREE_TIER + ").")
    String pmpFreeTier;

    @Option(names = "--tier-scope", paramLabel = "SCOPE", description = "With --counters: whose volume a volume-tier"
            + " counter counts, portfolio or waba, as the pricing used (default: portfolio).")
    String tierScope;

    StatementCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        List<Path> inputs = Stream.of(conversations, messages, conversationsVoided, messagesVoided)
                .filter(Objects::nonNull).flatMap(List::stream).toList();
        if (inputs.isEmpty()) {
            throw Cli.usage(spec, "needs at least one input: --conversations, --messages, --conversations-voided"
                    + " or --messages-voided");
        }
        Statement statement = new Statement(counters());
        try {
            for (Path input : inputs) {
                PricedRecords.open(input, false).close();
            }
            statement.net(orEmpty(conversations), orEmpty(conversationsVoided));
            statement.net(orEmpty(messages), orEmpty(messagesVoided));
        } catch (StatementException e) {
            err.println("convo-meter statement: " + e.getMessage());
            return 1;
        }
        Written rows;
        try {
            rows = write(statement);
        } catch (IOException e) {
            err.println("convo-meter statement: " + OutputFiles.describe(e));
            return 1;
        }
        for (UnmatchedVoid unmatched : statement.unmatched()) {
            err.println("convo-meter statement: " + unmatched.describe());
        }
        err.println(summary(statement, rows));
        return statement.unmatched().isEmpty() ? 0 : 1;
    }

    /** The counters the options ask for, checked (a bad value is a usage error); null without {@code --counters}. */
    private MonthlyCounters counters() {
        if (counters == null) {
            String given = cbpFreeTier != null ? "--cbp-free-tier" : pmpFreeTier != null ? "--pmp-service-free-tier"
                    : tierScope != null ? "--tier-scope" : null;
            if (given != null) {
                throw Cli.usage(spec, given + " needs --counters FILE");
            }
            return null;
        }
        if (output != null && output.toAbsolutePath().normalize().equals(counters.toAbsolutePath().normalize())) {
            throw Cli.usage(spec, "--counters and --output name the same file: " + counters);
        }
        try {
            return new MonthlyCounters(MonthlyCounters.freeTier("--cbp-free-tier", cbpFreeTier),
                    MonthlyCounters.freeTier("--pmp-service-free-tier", pmpFreeTier),
                    tierScope == null ? TierScope.PORTFOLIO : TierScope.parse("--tier-scope", tierScope));
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
    }

    /** The rows written: of the totals, and of the counters (-1 when not asked for). */
    private record Written(int rows, int counterRows) {
    }

    private Written write(Statement statement) throws IOException {
        try (OutputFiles files = new OutputFiles()) {
            Writer totals = files.open(output);
            Writer counterFile = files.open(counters);
            int rows;
            if (totals == null) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                rows = StatementCsv.write(statement.rows(), writer);
                writer.flush();
                if (out.checkError()) {
                    throw new IOException("cannot write output");
                }
            } else {
                rows = StatementCsv.write(statement.rows(), totals);
            }
            int counterRows = counterFile == null ? -1 : CountersCsv.write(statement.counters().rows(), counterFile);
            files.closeAll();
            return new Written(rows, counterRows);
        }
    }

    private static String summary(Statement statement, Written rows) {
        long cancelled = statement.voided() - statement.unmatched().size();
        return String.format("statement: %d records read (%d emitted, %d voided), %d cancelled, %d net, %d rows written%s%s",
                statement.emitted() + statement.voided(), statement.emitted(), statement.voided(), cancelled,
                statement.net(), rows.rows(), rows.counterRows() < 0 ? "" : ", " + rows.counterRows() + " counter rows written",
                statement.unmatched().isEmpty() ? "" : "; " + statement.unmatched().size() + " voided records matched nothing");
    }

    private static List<Path> orEmpty(List<Path> files) {
        return files == null ? List.of() : files;
    }
}
