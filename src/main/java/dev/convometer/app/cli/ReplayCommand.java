package dev.convometer.app.cli;

import dev.convometer.app.replay.Replay;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.BillingSummary;
import dev.convometer.app.traffic.OutputFiles;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.topology.BillingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
 * <p>
 * A priced output ({@code --priced-conversations}, {@code --priced-messages}) turns pricing on (PRICING 7.10), with the
 * tables and accounts of {@link PricingOptions}; in arrival order it needs both priced voided files too.
 */
@Command(name = "replay", description = {"Re-bill JSON Lines traffic files through the billing topology, in-process, no broker.",
        "By default the events of all inputs are applied in O-ORDER (re-billing history: nothing is late).",
        "Prints progress on standard error and a summary on standard output."})
final class ReplayCommand extends Subcommand {
    static final String ARRIVAL_ORDER = "--arrival-order";

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "JSON Lines traffic file; repeat for more (files in the order given break the last ties).")
    List<Path> inputs;

    @Option(names = "--output", paramLabel = "OPENED.jsonl", required = true, description = "Conversation-opened events.")
    Path opened;

    @Option(names = "--rejected", paramLabel = "REJECTED.jsonl", description = "Rejected sends.")
    Path rejected;

    @Option(names = "--dead-letter", paramLabel = "DEAD.jsonl", description = "Lines that are not valid events, and too-late events.")
    Path deadLetters;

    @Option(names = ARRIVAL_ORDER, description = {"Apply the events in the order of the files, as a live stream receives them:"
            + " late events are corrected, too-late ones dead-lettered. Needs --voided and --withdrawn."})
    boolean arrivalOrder;

    @Option(names = "--voided", paramLabel = "VOIDED.jsonl", description = "Conversations voided by late events.")
    Path voided;

    @Option(names = "--withdrawn", paramLabel = "WITHDRAWN.jsonl", description = "Rejections withdrawn by late events.")
    Path withdrawn;

    @Option(names = "--priced-conversations", paramLabel = "FILE", description = "Priced conversations (CBP eras), in record order"
            + " (arrival order: as emitted). Turns pricing on, with --country-markets.")
    Path pricedConversations;

    @Option(names = "--priced-messages", paramLabel = "FILE", description = "Priced messages (PMP eras), in record order"
            + " (arrival order: as emitted). Turns pricing on, with --country-markets.")
    Path pricedMessages;

    @Option(names = "--priced-conversations-voided", paramLabel = "FILE", description = "Priced conversations voided by late events.")
    Path pricedConversationsVoided;

    @Option(names = "--priced-messages-voided", paramLabel = "FILE", description = "Priced messages voided by late events.")
    Path pricedMessagesVoided;

    @Mixin
    PricingOptions pricing;

    @Option(names = "--threads", paramLabel = "N", description = "Threads that bill, each its own pairs; the output is the same"
            + " whatever N (default: the number of cores).")
    Integer threads;

    @Option(names = "--memory", paramLabel = "SIZE", description = "What sorting into O-ORDER may hold before it spills a sorted run"
            + " to a temporary file: bytes, or a number with k, m or g (default: 256m).")
    String memory;

    @Option(names = "--tmp-dir", paramLabel = "DIR", description = "Where sorted runs and on-disk state go (default: the system's"
            + " temporary directory).")
    Path tmpDir;

    @Option(names = "--state", paramLabel = "auto|memory|disk", description = "Where billing keeps the state that grows with the"
            + " events: memory, disk (RocksDB in the temporary directory) or auto, on disk when the inputs are too big for the"
            + " heap (default: auto).")
    String state;

    ReplayCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        Replay.Order order = arrivalOrder ? Replay.Order.ARRIVAL : Replay.Order.O_ORDER;
        if (order == Replay.Order.ARRIVAL && (voided == null || withdrawn == null)) {
            throw Cli.usage(spec, ARRIVAL_ORDER + " needs --voided and --withdrawn: the conversations"
                    + " and rejections that late events take back go there");
        }
        Replay.Options replayOptions = options();
        boolean priced = pricedConversations != null || pricedMessages != null || pricedConversationsVoided != null
                || pricedMessagesVoided != null;
        if (!priced && pricing.given()) {
            throw Cli.usage(spec, "the pricing options need a priced output: --priced-conversations or --priced-messages");
        }
        if (priced && order == Replay.Order.ARRIVAL && (pricedConversationsVoided == null || pricedMessagesVoided == null)) {
            throw Cli.usage(spec, ARRIVAL_ORDER + " with pricing needs --priced-conversations-voided and --priced-messages-voided:"
                    + " the priced records that late events take back go there");
        }
        PricingRules rules;
        try {
            rules = priced ? pricing.rules() : null;
        } catch (IllegalArgumentException e) {
            // a pricing table that cannot be read or used: its one line names the file and line
            err.println("convo-meter replay: " + oneLine(e.getMessage()));
            return 1;
        }
        OutputFiles writers = new OutputFiles();
        try {
            TrafficFiles.requireReadable(inputs);
            Replay.Outputs outputs = new Replay.Outputs(writers.open(opened), writers.open(rejected), writers.open(deadLetters),
                    writers.open(voided), writers.open(withdrawn), writers.open(pricedConversations), writers.open(pricedMessages),
                    writers.open(pricedConversationsVoided), writers.open(pricedMessagesVoided));
            // accounts first (P-ACCOUNT-LIVE: replay reads them all before any event), their dead letters too
            AccountFile.Read accounts = priced ? pricing.accounts(outputs.deadLetters()) : new AccountFile.Read(Map.of(), 0);
            BillingSettings settings = BillingSettings.DEFAULTS.withPricing(rules);
            BillingSummary summary = new Replay(settings, err, replayOptions, accounts.histories()).run(inputs, outputs, order);
            writers.closeAll();
            summary.plusDeadLetters(accounts.deadLetters()).print(out);
            return 0;
        } catch (IOException e) {
            err.println("convo-meter replay: " + OutputFiles.describe(e));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("convo-meter replay: " + OutputFiles.describe(e.getCause()));
            return 1;
        } catch (RuntimeException e) {
            // a fault of the topology or the test driver: still one line, and a non-zero status
            err.println("convo-meter replay: " + oneLine(e.toString()));
            return 1;
        } finally {
            writers.close();
        }
    }

    private Replay.Options options() {
        Replay.Options defaults = Replay.Options.defaults();
        int threadCount = threads == null ? defaults.threads() : threads;
        if (threadCount < 1 || threadCount > 1024) {
            throw Cli.usage(spec, "option --threads needs a number from 1 to 1024, was " + threadCount);
        }
        return new Replay.Options(threadCount, memory == null ? defaults.memoryBytes() : size(memory),
                tmpDir == null ? defaults.tmpDir() : tmpDir, state(state));
    }

    /** {@code --memory}: bytes, or a number with k, m or g (binary units, any case): {@code 256m}, {@code 1g}. */
    private long size(String value) {
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
            throw Cli.usage(spec, "option --memory needs a size such as 256m or 1g, was '" + value + "'");
        }
        return number << shift;
    }

    private Replay.State state(String value) {
        if (value == null) {
            return Replay.State.AUTO;
        }
        return switch (value) {
            case "auto" -> Replay.State.AUTO;
            case "memory" -> Replay.State.MEMORY;
            case "disk" -> Replay.State.DISK;
            default -> throw Cli.usage(spec, "option --state needs auto, memory or disk, was '" + value + "'");
        };
    }

    private static String oneLine(String message) {
        return message.lines().findFirst().orElse("");
    }
}
