package dev.convometer.app.cli;

import dev.convometer.app.local.CommittedOutputs;
import dev.convometer.app.local.LocalKafka;
import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.HttpEndpoint;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.BillingSummary;
import dev.convometer.app.traffic.OutputFiles;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code local}: the whole service on this machine, nothing installed. Starts a real single-node KRaft broker on
 * 127.0.0.1 in a temporary directory, creates the topics, publishes the input (default: the bundled sample traffic),
 * runs the billing service against it (exactly-once, in-process mock:// schema registry), prints the
 * conversation-opened events as they are committed, then a summary, and shuts everything down. Conversations that a
 * late event took back (conversation-voided, SPEC 3a) are printed too, as their JSON line with {@code voided_by}.
 * With {@code --country-markets} (and the other {@link PricingOptions}) it prices too (PRICING 7.10): it publishes the
 * business accounts before the events, and prints each priced record as committed, emitted and voided, in replay's
 * format.
 */
@Command(name = "local", description = {"Run everything on this machine: a Kafka broker, the service, the sample traffic.",
        "Starts a KRaft broker (a child JVM) on 127.0.0.1, creates the topics, publishes the input, runs the service on it,"
                + " prints each conversation opened (and voided) as it is committed, then a summary, and stops everything.",
        "With --country-markets it prices too: accounts first, then the events; each priced record is printed as committed."})
final class LocalCommand extends Subcommand {
    /** The settings {@code local} sets itself, whatever the environment says. */
    static final List<String> OWN_SETTINGS = List.of("bootstrap.servers", "application.id", "schema.registry.url", "state.dir");
    private static final String SAMPLE = "/sample-traffic.jsonl";
    /** The broker's main class, in the full jar only. */
    private static final String BROKER_CLASS = "kafka.Kafka";

    @Option(names = "--input", paramLabel = "FILE", description = "JSON Lines traffic file; repeat for more (default: the bundled sample).")
    List<Path> inputs = List.of();

    @Option(names = "--output", paramLabel = "OPENED.jsonl", description = "Also write the conversation-opened events here.")
    Path opened;

    @Option(names = "--rejected", paramLabel = "REJECTED.jsonl", description = "Write the rejected sends here.")
    Path rejected;

    @Option(names = "--voided", paramLabel = "VOIDED.jsonl", description = "Write the conversations voided by late events here.")
    Path voided;

    @Option(names = "--withdrawn", paramLabel = "WITHDRAWN.jsonl", description = "Write the rejections withdrawn by late events here.")
    Path withdrawn;

    @Option(names = "--priced-conversations", paramLabel = "FILE", description = "Write the priced conversations (CBP eras) here.")
    Path pricedConversations;

    @Option(names = "--priced-messages", paramLabel = "FILE", description = "Write the priced messages (PMP eras) here.")
    Path pricedMessages;

    @Option(names = "--priced-conversations-voided", paramLabel = "FILE", description = "Write the priced conversations voided"
            + " by late events here.")
    Path pricedConversationsVoided;

    @Option(names = "--priced-messages-voided", paramLabel = "FILE", description = "Write the priced messages voided by late"
            + " events here.")
    Path pricedMessagesVoided;

    @Mixin
    PricingOptions pricing;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--follow", description = "Keep running and print new conversations (and priced records) until Ctrl-C.")
    boolean follow;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Serve /health and /metrics on PORT (0 picks a free port).")
    Integer httpPort;

    LocalCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        if (partitions < 1) {
            throw Cli.usage(spec, "--partitions must be at least 1");
        }
        if (!brokerIncluded()) {
            err.println("convo-meter local: needs the full jar, convo-meter.jar: this one leaves out the Kafka broker");
            return 1;
        }
        boolean priced = pricing.given() || pricedConversations != null || pricedMessages != null
                || pricedConversationsVoided != null || pricedMessagesVoided != null;
        try {
            // checked before the broker starts; a usage error for a missing --country-markets, a bad zone or currency
            if (priced) {
                pricing.rules();
            }
        } catch (IllegalArgumentException e) {
            // a pricing table that cannot be read or used: its one line names the file and line
            err.println("convo-meter local: " + e.getMessage().lines().findFirst().orElse(""));
            return 1;
        }
        long started = System.nanoTime();
        try (OutputFiles files = new OutputFiles()) {
            AccountFile.Read accounts = priced ? pricing.accounts(null) : new AccountFile.Read(Map.of(), 0);
            TrafficFiles.Read read = TrafficFiles.readSorted(inputs(inputs), null);
            LocalPrinter printer = new LocalPrinter(out, files, new LocalPrinter.Writers(files.open(opened), files.open(rejected),
                    files.open(voided), files.open(withdrawn), files.open(pricedConversations), files.open(pricedMessages),
                    files.open(pricedConversationsVoided), files.open(pricedMessagesVoided)));
            err.printf("local: starting a Kafka broker (KRaft, single node) on 127.0.0.1%n");
            try (LocalKafka kafka = LocalKafka.start(Duration.ofSeconds(120))) {
                ServiceConfig config = ServiceConfig.load(null, System.getenv())
                        .with("bootstrap.servers", kafka.bootstrapServers())
                        .with("application.id", "convo-meter-local")
                        .with("schema.registry.url", "mock://convo-meter-local")
                        .with("state.dir", kafka.directory().resolve("streams-state").toString())
                        .with("progress.interval", "PT10S");
                config = priced ? pricing.settings(config) : config;
                config.warnings().forEach(warning -> err.println("local: warning: " + warning));
                config = httpPort != null ? config.with("http.enabled", "true").with("http.port", httpPort.toString())
                        : config.with("http.enabled", "false");
                bill(kafka, config, accounts, read, printer, files, started);
            }
            files.closeAll();
            return 0;
        } catch (IOException e) {
            err.println("convo-meter local: " + OutputFiles.describe(e));
            return 1;
        } catch (Exception e) {
            err.println("convo-meter local: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    /** Publishes the accounts and the traffic into the broker, runs the service on it and prints what it bills. */
    private void bill(LocalKafka kafka, ServiceConfig config, AccountFile.Read accounts, TrafficFiles.Read read, LocalPrinter printer,
            OutputFiles files, long started) throws Exception {
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        kafka.createTopics(partitions, config.topics());
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, err);
        if (config.pricingEnabled() && !accounts.histories().isEmpty()) {
            err.printf("local: broker at %s; publishing %d business accounts (%d lines not valid)%n", kafka.bootstrapServers(),
                    accounts.histories().size(), accounts.deadLetters());
            // all of them before any event: the service reads them into its global store before it bills (P-ACCOUNT-LIVE)
            publisher.publishAccounts(accounts.histories().values());
        }
        err.printf("local: broker at %s; publishing %d events (%d lines not valid)%n", kafka.bootstrapServers(),
                read.events().size(), read.deadLetters());
        // Publish before the service starts, so that it reads history in event-time order across the three topics.
        publisher.publish(read.events());
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters);
             CommittedOutputs outputs = new CommittedOutputs(config, topics)) {
            // Ctrl-C under --follow: stop reading, close the service, then stop the broker
            kafka.closeBeforeBroker(outputs::stop);
            kafka.closeBeforeBroker(service);
            service.start();
            try (HttpEndpoint http = config.httpPort() >= 0 ? HttpEndpoint.start(config.httpPort(), service.streams(), counters) : null) {
                if (http != null) {
                    err.printf("local: health and metrics on http://127.0.0.1:%d/health and /metrics%n", http.port());
                }
                outputs.readUntilCaughtUp(printer.listener(), Duration.ofMinutes(2), service);
                files.flush();
                service.logProgress();
                new BillingSummary(read.byKind(), read.deadLetters() + accounts.deadLetters() + counters.deadLetters(), counters,
                        System.nanoTime() - started).print(out);
                printWhereOutputsWent(config.pricingEnabled());
                if (follow) {
                    err.printf("local: following new conversations (opened and voided)%s on %s; Ctrl-C stops%n",
                            config.pricingEnabled() ? " and priced records" : "", kafka.bootstrapServers());
                    printer.flushEach();
                    outputs.readForever(printer.listener());
                }
            }
        }
    }

    /** The summary's last lines: each output's file, or the option that keeps it; the broker's topics go at exit. */
    private void printWhereOutputsWent(boolean priced) {
        out.printf("%-31s %s%n", "outputs:", "conversation-opened (and -voided) events" + (priced ? " and priced records" : "")
                + " printed above, as committed; the broker's topics are removed at exit");
        out.printf("%-31s %s%n", "", "opened " + destination(opened, "--output") + ", rejected " + destination(rejected, "--rejected")
                + ", voided " + destination(voided, "--voided") + ", withdrawn " + destination(withdrawn, "--withdrawn"));
        if (priced) {
            out.printf("%-31s %s%n", "", "priced conversations " + destination(pricedConversations, "--priced-conversations")
                    + ", priced messages " + destination(pricedMessages, "--priced-messages"));
            out.printf("%-31s %s%n", "", "voided: priced conversations " + destination(pricedConversationsVoided,
                    "--priced-conversations-voided") + ", priced messages " + destination(pricedMessagesVoided, "--priced-messages-voided"));
        }
    }

    private static String destination(Path file, String option) {
        return file != null ? "in " + file : "not kept (" + option + " FILE keeps them)";
    }

    private static boolean brokerIncluded() {
        try {
            Class.forName(BROKER_CLASS, false, LocalCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The given files, or the bundled sample traffic copied out of the jar. */
    private static List<Path> inputs(List<Path> given) throws IOException {
        if (!given.isEmpty()) {
            return given;
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
}
