package dev.convometer.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) on 127.0.0.1, run as a
 * child JVM so that its memory, threads and log stay out of this JVM.
 *
 * <p>{@link #start} writes {@code server.properties} into a new temporary directory and starts a
 * JVM with the classpath of this one (it holds {@code kafka_2.13}, in the fat jar and under Maven)
 * that formats the log directory ({@code kafka.tools.StorageTool}) and runs {@code kafka.Kafka}; its
 * standard output and error go to {@code server.log} in that directory, at INFO level. {@link #close}
 * stops the broker and deletes the directory; a shutdown hook does the same if this JVM exits
 * without it, and the broker exits by itself when this JVM dies without running hooks (its standard
 * input, a pipe from this JVM, closes). The broker ignores SIGINT, so that Ctrl-C in a terminal
 * leaves stopping it to this JVM.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final String HEAP = "-Xmx512m";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;
    private static final int START_ATTEMPTS = 3;
    private static final int FORMAT_FAILED = 3;
    /** A line of the broker's log starts with the time, HH:mm:ss.SSS. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

    private final Path directory;
    private final int port;
    private final Process process;
    private final Admin admin;
    private final Thread shutdownHook;
    /** Clients of this broker to close before it stops, also on Ctrl-C, so that they do not lose it mid-close. */
    private final List<AutoCloseable> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;

    private LocalKafka(Path directory, int port, Process process, Admin admin) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.admin = admin;
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
            } catch (PortTakenException e) {
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
        Process process = null;
        Admin admin = null;
        try {
            int[] ports = freePorts(2);
            int port = ports[0];
            Path config = directory.resolve("server.properties");
            writeConfig(config, directory.resolve("data"), port, ports[1]);
            Path log = directory.resolve("server.log");

            process = child(directory, log, BrokerMain.class.getName(), Uuid.randomUuid().toString(), config.toString());
            awaitPort(process, port, deadline, log);
            admin = Admin.create(adminConfig(HOST + ":" + port));
            awaitCluster(process, admin, deadline, log);

            LocalKafka kafka = new LocalKafka(directory, port, process, admin);
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            LOG.info("Local Kafka broker at {} started in {} ms (pid {}, log {})", kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process.pid(), log);
            return kafka;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            if (process != null && stop(process)) {
                Thread.currentThread().interrupt();
            }
            try {
                deleteRecursively(directory);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The bootstrap servers, {@code 127.0.0.1:PORT}. */
    /** Closes {@code client} before the broker stops, whether by {@link #close()} or when the JVM exits. */
    public void closeBeforeBroker(AutoCloseable client) {
        clients.add(client);
    }

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
    public void createTopics(int partitions, Collection<String> names)
            throws InterruptedException, ExecutionException {
        if (names.isEmpty()) {
            return;
        }
        List<NewTopic> topics = names.stream().distinct()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .collect(Collectors.toList());
        CreateTopicsResult result = admin.createTopics(topics);
        for (var entry : result.values().entrySet()) {
            try {
                entry.getValue().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitLeaders(Set.copyOf(names));
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
        boolean interrupted = stop(process);
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            LOG.warn("Could not delete the local Kafka directory {}: {}", directory, e.toString());
        }
        LOG.info("Local Kafka broker at {} stopped", bootstrapServers());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The broker JVM's main class; arguments: cluster id, path of {@code server.properties}. Formats
     * the log directory through {@code StorageTool.execute} (its {@code main} would exit the JVM), then
     * runs {@code kafka.Kafka}: one JVM start instead of two. Exits (running Kafka's own shutdown hook)
     * once its standard input closes, which happens when the parent JVM dies, even by SIGKILL.
     */
    public static final class BrokerMain {
        private BrokerMain() {
        }

        public static void main(String[] args) {
            if (args.length != 2) {
                System.err.println("usage: LocalKafka$BrokerMain CLUSTER_ID SERVER_PROPERTIES");
                System.exit(2);
            }
            exitWhenParentDies();
            ignoreTerminalInterrupt();
            int formatted;
            try {
                formatted = kafka.tools.StorageTool.execute(
                        new String[] {"format", "--cluster-id", args[0], "--config", args[1]}, System.out);
            } catch (Exception e) {
                e.printStackTrace();
                formatted = 1;
            }
            if (formatted != 0) {
                System.err.println("LocalKafka: formatting the log directory failed with code " + formatted);
                System.exit(FORMAT_FAILED);
            }
            kafka.Kafka.main(new String[] {args[1]});
        }

        /**
         * Ctrl-C in a terminal sends SIGINT to the parent and to this JVM alike; the parent stops its
         * own clients, then this broker (SIGTERM), so that they do not lose the broker while closing.
         * Kafka logs the signal and then calls this handler, which does nothing.
         */
        private static void ignoreTerminalInterrupt() {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                Object ignore = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                        (proxy, method, arguments) -> switch (method.getName()) {
                            case "handle" -> {
                                System.err.println("LocalKafka: SIGINT ignored, the parent process stops this broker");
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == arguments[0];
                            case "toString" -> "LocalKafka SIGINT handler";
                            default -> null;
                        });
                signal.getMethod("handle", signal, handler)
                        .invoke(null, signal.getConstructor(String.class).newInstance("INT"), ignore);
            } catch (ReflectiveOperationException | RuntimeException e) {
                System.err.println("LocalKafka: cannot ignore SIGINT: " + e);
            }
        }

        private static void exitWhenParentDies() {
            Thread watchdog = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() != -1) {
                        // the parent never writes; wait for end of file
                    }
                } catch (IOException ignored) {
                    // treat a broken pipe as the parent being gone
                }
                System.err.println("LocalKafka: parent process gone, shutting down the broker");
                Thread halt = new Thread(() -> {
                    try {
                        Thread.sleep(STOP_TIMEOUT.toMillis());
                    } catch (InterruptedException ignored) {
                        // halt now
                    }
                    Runtime.getRuntime().halt(1);
                }, "local-kafka-halt");
                halt.setDaemon(true);
                halt.start();
                System.exit(0);
            }, "local-kafka-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private static Process child(Path directory, Path log, String mainClass, String... args)
            throws IOException {
        return ChildJvm.start(directory, log, List.of(HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                // C1 only: halves the CPU a start costs (about 5.5 s to 2.7 s here) and, on two cores, the
                // broker's total CPU over its first minutes; 1M-record transactional produce rates matched
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                // the project's simplelogger.properties keeps this JVM at WARN; the broker's log is a file of its own
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"), mainClass, List.of(args));
    }

    private static void writeConfig(Path file, Path data, int port, int controllerPort) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        config.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", data.toString());
        config.put("num.partitions", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // the first consumer group and the first transactional producer create these topics: keep them small
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // History carries its event time as record timestamp: with the default 7-day time retention the broker's
        // first retention check (30 s after start) would delete every older record before it is billed.
        config.put("log.retention.ms", "-1");
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "convo-meter local Kafka broker");
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Map<String, Object> adminConfig(String bootstrapServers) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-admin",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
    }

    /** Waits until the broker's listener accepts connections, so the admin client does not log refused ones. */
    private static void awaitPort(Process process, int port, long deadline, Path log)
            throws IOException, InterruptedException {
        while (true) {
            checkAlive(process, log);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() >= deadline) {
                    throw failure("The Kafka broker did not open port " + port + " in time", log);
                }
            }
            // pause before the next probe, returning early if the broker exits
            process.waitFor(Math.min(50_000_000L, Math.max(1, remaining(deadline))), TimeUnit.NANOSECONDS);
        }
    }

    private static void awaitCluster(Process process, Admin admin, long deadline, Path log)
            throws IOException, InterruptedException {
        Exception last = null;
        while (true) {
            checkAlive(process, log);
            long remaining = remaining(deadline);
            if (remaining <= 0) {
                throw failure("The Kafka broker did not answer in time"
                        + (last == null ? "" : " (last error: " + last + ")"), log);
            }
            int timeoutMs = (int) Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(remaining)));
            try {
                Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes().get();
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /**
     * Metadata may name a leader before the broker acts as one: a producer that writes then gets NOT_LEADER_OR_FOLLOWER,
     * after which an idempotent producer was seen retrying OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. A
     * ListOffsets answer comes from the partition's leader itself.
     */
    private boolean leadersAnswer(Collection<TopicDescription> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (TopicDescription topic : topics) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        try {
            admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(5000)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    private void awaitLeaders(Set<String> names) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> topics = admin.describeTopics(names,
                        new DescribeTopicsOptions().timeoutMs(5000)).allTopicNames().get();
                boolean ready = topics.values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready && leadersAnswer(topics.values())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new ExecutionException(new TimeoutException(
                        "Topics " + names + " have no leader after " + TOPIC_TIMEOUT.toSeconds() + " s"));
            }
            // the controller has created them; the broker applies the metadata within milliseconds
            if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                throw new ExecutionException(new IllegalStateException(
                        "The Kafka broker exited with code " + process.exitValue()));
            }
        }
    }

    private static void checkAlive(Process process, Path log) throws IOException {
        if (!process.isAlive()) {
            String message = process.exitValue() == FORMAT_FAILED
                    ? "Formatting the Kafka log directory failed"
                    : "The Kafka broker exited during startup with code " + process.exitValue();
            List<String> lines = readLog(log);
            if (lines.stream().anyMatch(line -> line.contains("BindException: Address already in use"))) {
                throw new PortTakenException(message + "; " + excerpt(log, lines));
            }
            throw new IOException(message + "; " + excerpt(log, lines));
        }
    }

    private static IOException failure(String message, Path log) {
        return new IOException(message + "; " + excerpt(log, readLog(log)));
    }

    /**
     * The first ERROR of the log with the causes of its exception (a failing broker logs dozens of
     * lines of shutdown after it), then the last lines.
     */
    private static String excerpt(Path log, List<String> lines) {
        StringBuilder text = new StringBuilder();
        String newline = System.lineSeparator();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ")) {
                text.append("first error in ").append(log).append(':').append(newline).append(lines.get(i));
                for (int j = i + 1; j < lines.size(); j++) {
                    String line = lines.get(j);
                    // the exception's own line, its "at" frames and its causes; the next log line has a time
                    boolean trace = line.startsWith("\t") || line.startsWith("Caused by: ")
                            || j == i + 1 && !LOG_LINE.matcher(line).lookingAt();
                    if (!trace) {
                        break;
                    }
                    if (!line.startsWith("\t")) {
                        text.append(newline).append(line);
                    }
                }
                text.append(newline);
                break;
            }
        }
        text.append("last lines of ").append(log).append(':');
        for (String line : lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) {
            text.append(newline).append(line);
        }
        return text.toString();
    }

    /** The log's lines (its last MiB), or a line saying why it cannot be read. */
    private static List<String> readLog(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 1024 * 1024);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e + ")");
        }
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /** Stops a child: SIGTERM, up to 30 s for Kafka's graceful shutdown, then SIGKILL. Returns whether interrupted. */
    private static boolean stop(Process process) {
        boolean interrupted = false;
        process.destroy();
        try {
            process.getOutputStream().close(); // the broker's stdin pipe: its watchdog exits the JVM too
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Local Kafka broker (pid {}) did not stop in {} s, killing it", process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Local Kafka broker (pid {}) still running after SIGKILL", process.pid());
        }
        return interrupted;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException alreadyGone) {
                    // fine
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The broker exited because another process took one of its ports first. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
