package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingSummary;
import dev.convometer.app.traffic.FileTrees;
import dev.convometer.app.traffic.SourceLine;
import dev.convometer.app.traffic.TrafficFileReader;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.replay.ReplayState;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Re-bills historical traffic: streams JSON Lines files through the streaming service's own billing processor and
 * rules ({@link dev.convometer.topology.replay.ReplayTask}: the same processor, stores and stream-time punctuation, without
 * Kafka Streams), on several threads ({@link ShardedBilling}), in memory that does not grow with the files. By default
 * the events go in O-ORDER (SPEC section 1, sorted by {@link OOrderSort}, spilling sorted runs to temporary files when
 * the inputs are not in O-ORDER already), so nothing is late; in {@link Order#ARRIVAL} they go as they stand in the
 * files, one by one, so stream time advances as a live task's does and late events are corrected or dead-lettered as
 * too late (SPEC section 3a).
 */
public final class Replay {
    /** Where the outputs go; all but opened may be null (not asked for). The priced ones are written with pricing only. */
    public record Outputs(Writer opened, Writer rejected, Writer deadLetters, Writer voided, Writer withdrawn,
                          Writer pricedConversations, Writer pricedMessages, Writer pricedConversationsVoided,
                          Writer pricedMessagesVoided) {
        /** Billing's outputs, no priced ones. */
        public Outputs(Writer opened, Writer rejected, Writer deadLetters, Writer voided, Writer withdrawn) {
            this(opened, rejected, deadLetters, voided, withdrawn, null, null, null, null);
        }
    }

    /** The order the events are applied in. */
    public enum Order {
        /** Re-billing history (SPEC section 5 default): every event in its O-ORDER place, nothing is late. */
        O_ORDER,
        /** replay --arrival-order: as the files hold them (files in the order given), as a live stream receives them. */
        ARRIVAL
    }

    /**
     * How replay runs.
     *
     * @param threads     billing threads (each with its own share of the pairs)
     * @param memoryBytes what the sort may hold in memory before it spills a sorted run, roughly
     * @param tmpDir      where sorted runs, state on disk and other temporary files go
     * @param state       where billing keeps the state that grows with the events
     */
    public record Options(int threads, long memoryBytes, Path tmpDir, State state) {
        static final long DEFAULT_MEMORY = 256L << 20;

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), DEFAULT_MEMORY, Path.of(System.getProperty("java.io.tmpdir")),
                    State.AUTO);
        }
    }

    /** Where the pair history is kept (they hold every event within the horizons). */
    public enum State {
        /** In the heap while the inputs are small enough for it to hold them ({@link #HEAP_BYTES_PER_INPUT_BYTE}), else on disk. */
        AUTO,
        MEMORY,
        /** RocksDB databases in the temporary directory. */
        DISK
    }

    /**
     * Heap that billing state takes per byte of input, measured on generated traffic (about 200 bytes a line) in which
     * nothing leaves the horizons, with room to spare.
     */
    static final double HEAP_BYTES_PER_INPUT_BYTE = 2.0;
    /** Heap kept aside for everything else: batches in flight, parsing, the JVM's own. */
    private static final long HEAP_RESERVE = 160L << 20;

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    private static final int DELETE_ATTEMPTS = 100;

    private final BillingSettings settings;
    private final PrintStream progress;
    private final Options options;
    private final Map<String, AccountHistory> accounts;

    Replay(BillingSettings settings, PrintStream progress) {
        this(settings, progress, Options.defaults());
    }

    /** {@code settings.storage()} does not apply: replay keeps its state in memory, for one run. */
    public Replay(BillingSettings settings, PrintStream progress, Options options) {
        this(settings, progress, options, Map.of());
    }

    /** With the business accounts pricing reads (by business_id), all known before the first event (P-ACCOUNT-LIVE). */
    public Replay(BillingSettings settings, PrintStream progress, Options options, Map<String, AccountHistory> accounts) {
        this.settings = settings;
        this.progress = progress;
        this.options = options;
        this.accounts = accounts;
    }

    public BillingSummary run(List<Path> inputs, Outputs outputs, Order order) throws IOException {
        long started = System.nanoTime();
        TrafficFiles.requireReadable(inputs);
        // Everything temporary (sorted runs, state on disk, held dead letters) goes into one directory, deleted at the
        // end, and by a shutdown hook when replay is stopped before it (SIGTERM, Ctrl-C).
        Path work = Files.createTempDirectory(options.tmpDir(), "convo-meter-replay-");
        Thread cleanup = new Thread(() -> deleteWhileWritten(work), "convo-meter-replay-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run(inputs, outputs, order, work, started);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook deletes it too; whoever comes second finds nothing
            }
            FileTrees.deleteRecursively(work);
        }
    }

    private BillingSummary run(List<Path> inputs, Outputs outputs, Order order, Path work, long started) throws IOException {
        BillingCounters counters = new BillingCounters();
        String registryScope = "mock://replay-" + UUID.randomUUID();
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl(registryScope));
        try (ReplayState state = onDisk(inputs, order) ? ReplayState.onDisk(Files.createDirectory(work.resolve("state"))) : ReplayState.inMemory()) {
            progress.printf("replay: billing state in %s%n", state.onDisk() ? "RocksDB under " + work : "memory");
            state.holdAccounts(accounts);
            return order == Order.ARRIVAL
                    ? arrival(inputs, outputs, counters, topics, state, work, started)
                    : oOrder(inputs, outputs, counters, topics, state, work, started);
        } finally {
            SchemaRegistry.dropMockScope(registryScope.substring("mock://".length()));
        }
    }

    /**
     * The shutdown hook's delete: replay's threads keep running while it walks the directory (a sorted run or a RocksDB
     * table can appear after the walk listed the files), so it walks again until the directory is gone; once it is,
     * nothing more can be written into it.
     */
    private static void deleteWhileWritten(Path directory) {
        Exception last = null;
        for (int attempt = 0; attempt < DELETE_ATTEMPTS && Files.exists(directory); attempt++) {
            try {
                FileTrees.deleteRecursively(directory);
            } catch (IOException | RuntimeException e) {
                last = e;
            }
        }
        if (Files.exists(directory)) {
            System.err.println("replay: could not delete " + directory + (last == null ? "" : ": " + last.getMessage()));
        }
    }

    /** AUTO: on disk when the state of these inputs would not fit in what the heap has beside the sort's buffers. */
    private boolean onDisk(List<Path> inputs, Order order) throws IOException {
        if (options.state() != State.AUTO) {
            return options.state() == State.DISK;
        }
        long inputBytes = 0;
        for (Path input : inputs) {
            inputBytes += Files.size(input);
        }
        long sorting = order == Order.O_ORDER ? options.memoryBytes() : 0;
        long heapForState = Runtime.getRuntime().maxMemory() - sorting - HEAP_RESERVE;
        return inputBytes * HEAP_BYTES_PER_INPUT_BYTE > heapForState;
    }

    private BillingSummary oOrder(List<Path> inputs, Outputs outputs, BillingCounters counters, Topics topics, ReplayState state,
                                  Path work, long started)
            throws IOException {
        try (OOrderSort sort = new OOrderSort(options.memoryBytes(), work)) {
            Progress reading = new Progress("reading and sorting", "read");
            progress.printf("replay: reading %d file(s), sorting in O-ORDER...%n", inputs.size());
            sort.read(inputs, outputs.deadLetters(), reading::update);
            progress.printf("replay: %d events read from %d file(s), %d dead letters, %d sorted run(s) spilled (%d events);"
                            + " billing in O-ORDER on %d thread(s)...%n", sort.events(), inputs.size(), sort.deadLetters(),
                    sort.spilledRuns(), sort.spilledEvents(), options.threads());
            Progress billing = new Progress("merging and billing", "billed");
            // Sorted, nothing is late: the billing node writes no dead letter, so its own go straight to the file.
            long refused = new ShardedBilling(settings, counters, topics, state, options.threads(), outputs, outputs.deadLetters(), true)
                    .run(sort::next, billing::update);
            return new BillingSummary(sort.byKind(), sort.deadLetters() + refused, counters, System.nanoTime() - started);
        }
    }

    private BillingSummary arrival(List<Path> inputs, Outputs outputs, BillingCounters counters, Topics topics, ReplayState state,
                                   Path work, long started)
            throws IOException {
        progress.printf("replay: reading %d file(s), billing in arrival order on %d thread(s)...%n", inputs.size(), options.threads());
        // The lines that break the contract are written as they are read; the billing node's own dead letters (too
        // late) after them, as replay has always written them: they wait in a temporary file.
        Path refusedFile = outputs.deadLetters() == null ? null : work.resolve("too-late.jsonl");
        ArrivalEvents events = new ArrivalEvents(inputs, outputs.deadLetters());
        long refused;
        try (Writer refusedOut = refusedFile == null ? null
                : new BufferedWriter(Files.newBufferedWriter(refusedFile, StandardCharsets.UTF_8), 1 << 16)) {
            Progress billing = new Progress("reading and billing", "billed");
            refused = new ShardedBilling(settings, counters, topics, state, options.threads(), outputs, refusedOut, false)
                    .run(events, billing::update);
        } finally {
            events.close();
        }
        if (refusedFile != null) {
            try (Reader in = Files.newBufferedReader(refusedFile, StandardCharsets.UTF_8)) {
                in.transferTo(outputs.deadLetters());
            }
        }
        return new BillingSummary(events.byKind, events.dead + refused, counters, System.nanoTime() - started);
    }

    /**
     * The valid events of the files in the order they stand, counted as they are read, each with its line (a too-late
     * dead letter carries it); contract dead letters written.
     */
    private static final class ArrivalEvents implements ShardedBilling.Events {
        private final List<Path> inputs;
        private final Writer deadLetters;
        private final Map<EventKind, Long> byKind = TrafficFiles.countsByKind();
        private long dead;
        private int file = -1;
        private TrafficFileReader reader;

        ArrivalEvents(List<Path> inputs, Writer deadLetters) {
            this.inputs = inputs;
            this.deadLetters = deadLetters;
        }

        @Override
        public TrafficEvent next() throws IOException {
            while (true) {
                if (reader != null) {
                    TrafficLine line = reader.next();
                    if (line != null) {
                        byKind.merge(line.kind(), 1L, Long::sum);
                        return line.event();
                    }
                    dead += reader.deadLetters();
                    reader.close();
                    reader = null;
                }
                if (++file >= inputs.size()) {
                    return null;
                }
                reader = new TrafficFileReader(inputs.get(file), deadLetters, true);
            }
        }

        @Override
        public SourceLine source() {
            return reader.source();
        }

        void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** A line on the progress stream about every 5 s: the phase, events done, events/s. */
    private final class Progress {
        private final String phase;
        private final String done;
        private final long started = System.nanoTime();
        private long last = started;

        Progress(String phase, String done) {
            this.phase = phase;
            this.done = done;
        }

        void update(long events) {
            long now = System.nanoTime();
            if (now - last >= PROGRESS_EVERY_NANOS) {
                last = now;
                progress.printf("replay: %s: %d events %s (%.0f events/s)%n", phase, events, done, events / ((now - started) / 1e9));
            }
        }
    }
}
