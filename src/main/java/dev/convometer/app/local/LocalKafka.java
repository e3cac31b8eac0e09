package dev.convometer.app.local;

import dev.convometer.app.traffic.FileTrees;
import dev.convometer.topology.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) on 127.0.0.1, run as a
 * child JVM so that its memory, threads and log stay out of this JVM.
 *
 * <p>{@link #start} writes {@code server.properties} ({@link BrokerConfig}) into a new temporary directory and starts a
 * JVM with the classpath of this one (it holds {@code kafka_2.13}, in the full jar and under Maven) that formats the log
 * directory and runs {@code kafka.Kafka} ({@link BrokerMain}, supervised by {@link BrokerProcess}); its standard output
 * and error go to {@code server.log} in that directory ({@link BrokerLog}), at INFO level. {@link #close} stops the
 * broker and deletes the directory; a shutdown hook does the same if this JVM exits without it, and the broker exits by
 * itself when this JVM dies without running hooks (its standard input, a pipe from this JVM, closes). The broker ignores
 * SIGINT, so that Ctrl-C in a terminal leaves stopping it to this JVM.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final int port;
    private final BrokerProcess broker;
    private final Admin admin;
    private final LocalTopics topics;
    private final Thread shutdownHook;
    /** Clients of this broker to close before it stops, also on Ctrl-C, so that they do not lose it mid-close. */
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private boolean closed;

    private LocalKafka(Path directory, int port, BrokerProcess broker, Admin admin) {
        this.directory = directory;
        this.port = port;
        this.broker = broker;
        this.admin = admin;
        this.topics = new LocalTopics(admin, broker);
        this.shutdownHook = new Thread(this::close, "local-kafka-shutdown");
    }

    /**
     * Formats a fresh KRaft log dir under a new temporary directory and starts the broker as a child
     * JVM; returns once it answers (AdminClient describeCluster) or throws with the tail of the
     * broker log after the timeout.
     */
    public static LocalKafka start(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(deadline);
            } catch (BrokerProcess.PortTakenException e) {
                // another process took a port between our probe and the broker's bind: pick new ones
                if (attempt == START_ATTEMPTS || System.nanoTime() >= deadline) {
                    throw new IOException(e.getMessage(), e);
                }
                LOG.warn("Local Kafka broker could not bind its ports, retrying with others");
            }
        }
    }

    private static LocalKafka startOnce(long deadline) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path directory = Files.createTempDirectory("convo-meter-kafka-");
        BrokerProcess broker = null;
        Admin admin = null;
        try {
            int[] ports = FreePorts.pick(HOST, 2);
            int port = ports[0];
            Path config = directory.resolve("server.properties");
            BrokerConfig.write(config, directory.resolve("data"), HOST, port, ports[1]);
            BrokerLog log = new BrokerLog(directory.resolve("server.log"));

            broker = BrokerProcess.start(directory, log, Uuid.randomUuid().toString(), config);
            broker.awaitPort(HOST, port, deadline);
            admin = Admin.create(adminConfig(HOST + ":" + port));
            broker.awaitCluster(admin, deadline);

            LocalKafka kafka = new LocalKafka(directory, port, broker, admin);
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            LOG.info("Local Kafka broker at {} started in {} ms (pid {}, log {})", kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), broker.pid(), log.file());
            return kafka;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            if (broker != null && broker.stop()) {
                Thread.currentThread().interrupt();
            }
            try {
                FileTrees.deleteRecursively(directory);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static Map<String, Object> adminConfig(String bootstrapServers) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-admin",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
    }

    /** Closes {@code client} before the broker stops, whether by {@link #close()} or when the JVM exits. */
    public void closeBeforeBroker(AutoCloseable client) {
        clients.add(client);
    }

    /** The bootstrap servers, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The temporary directory holding {@code server.properties}, {@code data} and {@code server.log}. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates topics (idempotent: existing ones are fine, whatever their partition count) with the
     * partition count and replication 1, and waits until the broker serves every partition.
     */
    public void createTopics(int partitions, Collection<String> names) throws InterruptedException, ExecutionException {
        topics.create(partitions, names, List.of());
    }

    /** Creates every topic the service needs ({@link TopicNames#all()}), as above; the compacted ones compacted, with one partition. */
    public void createTopics(int partitions, TopicNames names) throws InterruptedException, ExecutionException {
        topics.create(partitions, names.all(), names.compacted());
    }

    /** Stops the broker (SIGTERM, waits up to 30 s, then kills) and deletes the temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        // synchronized: a second caller (the shutdown hook, say) returns only once the broker is stopped
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook has started: it waits for this close() and then returns
            }
        }
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("Could not close {} before stopping the broker: {}", client, e.toString());
            }
        }
        admin.close(Duration.ofSeconds(1));
        boolean interrupted = broker.stop();
        try {
            FileTrees.deleteRecursively(directory);
        } catch (IOException e) {
            LOG.warn("Could not delete the local Kafka directory {}: {}", directory, e.toString());
        }
        LOG.info("Local Kafka broker at {} stopped", bootstrapServers());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
