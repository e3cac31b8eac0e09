package dev.convometer.app;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code local}: the whole service on this machine, nothing installed. Starts a real single-node KRaft broker on
 * 127.0.0.1 in a temporary directory, creates the topics, publishes the input (default: the bundled sample traffic),
 * runs the billing service against it (exactly-once, in-process mock:// schema registry), prints the
 * conversation-opened events as they are committed, then a summary, and shuts everything down. Conversations that a
 * late event took back (conversation-voided, SPEC 3a) are printed too, as their JSON line with {@code voided_by}.
 */
final class LocalCommand {
    static final String USAGE = "usage: convo-meter local [--input FILE ...] [--output OPENED.jsonl] [--rejected REJECTED.jsonl]"
            + " [--voided VOIDED.jsonl] [--withdrawn WITHDRAWN.jsonl] [--partitions N] [--follow] [--http-port PORT]";
    private static final Set<String> OPTIONS = Set.of("--input", "--output", "--rejected", "--voided", "--withdrawn",
            "--partitions", "--http-port");
    private static final Set<String> FLAGS = Set.of("--follow");
    private static final String SAMPLE = "/sample-traffic.jsonl";

    private LocalCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine options;
        int partitions;
        try {
            options = new CommandLine(args, OPTIONS, FLAGS);
            partitions = (int) options.number("--partitions", 3);
            if (partitions < 1) {
                throw new CommandLine.UsageException("--partitions must be at least 1");
            }
            options.number("--http-port", 0);
        } catch (CommandLine.UsageException e) {
            err.println("convo-meter local: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        long started = System.nanoTime();
        List<Writer> files = new ArrayList<>();
        try {
            List<Path> inputs = inputs(options.all("--input"));
            TrafficFiles.Read read = TrafficFiles.readSorted(inputs, null);
            Printer printer = new Printer(out, open(options.optional("--output"), files), open(options.optional("--rejected"), files),
                    open(options.optional("--voided"), files), open(options.optional("--withdrawn"), files));
            err.printf("local: starting a Kafka broker (KRaft, single node) on 127.0.0.1%n");
            try (LocalKafka kafka = LocalKafka.start(Duration.ofSeconds(120))) {
                ServiceConfig config = ServiceConfig.load(null, System.getenv())
                        .with("bootstrap.servers", kafka.bootstrapServers())
                        .with("application.id", "convo-meter-local")
                        .with("schema.registry.url", "mock://convo-meter-local")
                        .with("state.dir", kafka.directory().resolve("streams-state").toString())
                        .with("progress.interval", "PT10S");
                config.warnings().forEach(warning -> err.println("local: warning: " + warning));
                config = options.optional("--http-port") != null ? config.with("http.enabled", "true").with("http.port", options.optional("--http-port"))
                        : config.with("http.enabled", "false");
                Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
                kafka.createTopics(partitions, config.topics().all());
                err.printf("local: broker at %s; publishing %d events (%d lines not valid)%n", kafka.bootstrapServers(),
                        read.events().size(), read.deadLetters());
                // Publish before the service starts, so that it reads history in event-time order across the three topics.
                new TrafficPublisher(config.clientProperties(), topics, err).publish(read.events());
                BillingCounters counters = new BillingCounters();
                try (BillingService service = new BillingService(config, counters);
                     LiveBilling live = new LiveBilling(config, topics)) {
                    // Ctrl-C under --follow: stop reading, close the service, then stop the broker
                    kafka.closeBeforeBroker(live::stop);
                    kafka.closeBeforeBroker(service);
                    service.start();
                    HttpEndpoint http = config.httpPort() >= 0 ? HttpEndpoint.start(config.httpPort(), service.streams(), counters) : null;
                    try {
                        if (http != null) {
                            err.printf("local: health and metrics on http://127.0.0.1:%d/health and /metrics%n", http.port());
                        }
                        live.readUntilCaughtUp(printer, Duration.ofMinutes(2), service);
                        flush(files);
                        service.logProgress();
                        new BillingSummary(read.byKind(), read.deadLetters() + counters.deadLetters(), counters, System.nanoTime() - started).print(out);
                        if (options.flag("--follow")) {
                            err.printf("local: following new conversations (opened and voided) on %s; Ctrl-C stops%n", kafka.bootstrapServers());
                            printer.flushEach(files);
                            live.readForever(printer);
                        }
                    } finally {
                        if (http != null) {
                            http.close();
                        }
                    }
                }
            }
            closeAll(files);
            return 0;
        } catch (Exception e) {
            err.println("convo-meter local: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } finally {
            closeAll(files);
        }
    }

    /** The given files, or the bundled sample traffic copied out of the jar. */
    private static List<Path> inputs(List<String> given) throws IOException {
        if (!given.isEmpty()) {
            return given.stream().map(Path::of).toList();
        }
        Path sample = Files.createTempFile("convo-meter-sample", ".jsonl");
        sample.toFile().deleteOnExit();
        try (InputStream in = LocalCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("bundled sample traffic " + SAMPLE + " missing from the jar");
            }
            Files.copy(in, sample, StandardCopyOption.REPLACE_EXISTING);
        }
        return List.of(sample);
    }

    private static Writer open(String path, List<Writer> files) throws IOException {
        if (path == null) {
            return null;
        }
        try {
            Writer writer = new BufferedWriter(Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8));
            files.add(writer);
            return writer;
        } catch (IOException e) {
            throw new IOException("cannot write output file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Prints conversations opened and voided to stdout and writes each output to its file, where one was asked for.
     * Under {@code --follow} it flushes the files after every record, so that they can be followed too.
     */
    private static final class Printer implements LiveBilling.Listener {
        private final PrintStream out;
        private final Writer opened;
        private final Writer rejected;
        private final Writer voided;
        private final Writer withdrawn;
        private List<Writer> flushing = List.of();

        Printer(PrintStream out, Writer opened, Writer rejected, Writer voided, Writer withdrawn) {
            this.out = out;
            this.opened = opened;
            this.rejected = rejected;
            this.voided = voided;
            this.withdrawn = withdrawn;
        }

        void flushEach(List<Writer> files) {
            flushing = files;
        }

        @Override
        public void opened(ConversationOpened conversation) {
            String line = BillingJson.opened(conversation);
            out.println(line);
            write(opened, line);
        }

        @Override
        public void rejected(SendRejected rejection) {
            write(rejected, BillingJson.rejected(rejection));
        }

        @Override
        public void voided(ConversationVoided conversation) {
            String line = BillingJson.voided(conversation);
            out.println(line);
            write(voided, line);
        }

        @Override
        public void withdrawn(RejectionWithdrawn rejection) {
            write(withdrawn, BillingJson.withdrawn(rejection));
        }

        private void write(Writer file, String line) {
            LocalCommand.write(file, line);
            flush(flushing);
        }
    }

    private static void write(Writer file, String line) {
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

    private static void flush(List<Writer> files) {
        for (Writer file : files) {
            try {
                file.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void closeAll(List<Writer> files) {
        for (Writer file : files) {
            try {
                file.close();
            } catch (IOException ignored) {
                // reported where it was written
            }
        }
        files.clear();
    }
}
