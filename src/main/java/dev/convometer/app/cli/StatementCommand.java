package dev.convometer.app.cli;

import dev.convometer.app.statement.PricedRecords;
import dev.convometer.app.statement.Statement;
import dev.convometer.app.statement.StatementCsv;
import dev.convometer.app.statement.StatementException;
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
 * [--messages-voided FILE ...] [--output FILE]}: the totals of priced records (PRICING.md 7.8) as CSV, emitted minus
 * voided ({@link Statement}). Every input is checked readable before any is read. A void that cancels nothing is
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
        Statement statement = new Statement();
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
        int rows;
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

    private int write(Statement statement) throws IOException {
        if (output == null) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            int rows = StatementCsv.write(statement.rows(), writer);
            writer.flush();
            if (out.checkError()) {
                throw new IOException("cannot write output");
            }
            return rows;
        }
        try (OutputFiles files = new OutputFiles()) {
            int rows = StatementCsv.write(statement.rows(), files.open(output));
            files.closeAll();
            return rows;
        }
    }

    private static String summary(Statement statement, int rows) {
        long cancelled = statement.voided() - statement.unmatched().size();
        return String.format("statement: %d records read (%d emitted, %d voided), %d cancelled, %d net, %d rows written%s",
                statement.emitted() + statement.voided(), statement.emitted(), statement.voided(), cancelled,
                statement.net(), rows, statement.unmatched().isEmpty() ? ""
                        : "; " + statement.unmatched().size() + " voided records matched nothing");
    }

    private static List<Path> orEmpty(List<Path> files) {
        return files == null ? List.of() : files;
    }
}
