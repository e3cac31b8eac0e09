package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.ConfluentRegistryServer;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service as it runs in production ({@code convo-meter run} in a JVM of its own, exactly-once, on a real KRaft
 * broker), killed with SIGKILL while it bills traffic that is still being produced, and restarted with the same
 * application.id: what it committed, net of corrections, is replay's exactly, and each restart bills again within
 * seconds.
 */
class CrashRecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryTest.class);
    private static final int PARTITIONS = 3;
    private static final int EVENTS = 12_000;
    private static final int KILLS = 6;
    /** Of the kills, how many must find input not yet committed (work in progress, not an idle service). */
    private static final int KILLS_WITH_WORK_PENDING = 5;
    /** A kill comes this long at most after the batch published while the service runs; the moment is seeded. */
    private static final int KILL_WITHIN_MILLIS = 1000;
    /**
     * The members' session timeout, far longer than any restart takes even on a busy machine: a restart that had to
     * wait for the old member's session to end (a killed dynamic member, or one that did not leave the group on close)
     * could not bill again before it.
     */
    private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Restart to billing again, bounded well below {@link #SESSION_TIMEOUT}: so that passing proves the restart did not
     * wait for the session to end (static membership, leaving on close), whatever the machine's load. The time itself
     * is logged: 7.7-15 s under a moderate load, 50-90 s when the 2-core machine ran four builds beside the suite.
     */
    private static final Duration RESUMED_WITHIN = SESSION_TIMEOUT.dividedBy(2);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private static LocalKafka kafka;
    private static ConfluentRegistryServer registry;

    // the services' logs stay for a failed test
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start(Duration.ofSeconds(120));
        registry = ConfluentRegistryServer.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldBillExactlyAsReplayWhenKilledSixTimesWhileBilling() throws Exception {
        billThroughKills("crash-keep", false, 7);
    }

    @Test
    void shouldBillExactlyAsReplayWhenKilledSixTimesWhileBillingAndStateDirectoryDeletedEachTime() throws Exception {
        billThroughKills("crash-wipe", true, 8);
    }

    @Test
    void shouldExitZeroAndLeaveGroupSoThatRestartBillsWithinSecondsWhenTerminated() throws Exception {
        // a dynamic member (no instance.id): only leaving the group on close spares its restart the session timeout
        Map<String, String> settings = settings("sigterm", false);
        kafka.createTopics(PARTITIONS, config(settings).topics().all());
        Path file = writeProperties(settings);

        ServiceProcess first = ServiceProcess.start(file, dir.resolve("first.log"));
        try {
            first.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
            assertThat(first.terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM and a clean close").isZero();
        } finally {
            first.destroy();
        }

        ServiceProcess second = ServiceProcess.start(file, dir.resolve("second.log"));
        try {
            Duration running = second.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
            LOG.info("restart after SIGTERM: RUNNING {} ms after process start", running.toMillis());
            assertThat(running).isLessThan(RESUMED_WITHIN);
            assertThat(second.terminate(Duration.ofSeconds(60))).isZero();
        } finally {
            second.destroy();
        }
    }

    /**
     * Publishes the traffic in batches: one while the service is down (it restarts with work waiting), one while it
     * runs, then kills it at a seeded moment; {@code deleteState} also deletes its state directory after each kill, so
     * that it restores every store from the changelogs. At the end it bills what is left, is terminated, and what it
     * committed is compared with replay.
     */
    private void billThroughKills(String name, boolean deleteState, long seed) throws Exception {
        Path traffic = ComparisonTraffic.write(dir.resolve("traffic.jsonl"), EVENTS);
        ComparisonTraffic.Expected expected = ComparisonTraffic.replay(traffic, dir);
        List<TrafficLine> events = TrafficFiles.readSorted(List.of(traffic), null).events();
        List<List<TrafficLine>> batches = batches(events, 2 * KILLS + 1);

        Map<String, String> settings = settings(name, true);
        ServiceConfig config = config(settings);
        kafka.createTopics(PARTITIONS, config.topics().all());
        Path file = writeProperties(settings);
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream()));
        Random random = new Random(seed);
        NetBilling billed = new NetBilling();
        List<String> restarts = new ArrayList<>();
        int killsWithWorkPending = 0;
        try (CommittedOutputs live = new CommittedOutputs(config, topics)) {
            for (int kill = 0; kill < KILLS; kill++) {
                publisher.publish(batches.get(2 * kill));
                long committedBefore = committedSum(live);
                ServiceProcess service = ServiceProcess.start(file, dir.resolve("run-" + kill + ".log"));
                try {
                    Duration running = service.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
                    Duration resumed = awaitCommitsBeyond(live, committedBefore, service);
                    restarts.add("start " + kill + ": RUNNING after " + running.toMillis() + " ms, first commit after " + resumed.toMillis() + " ms");
                    assertThat(resumed).as("start %d: billing again", kill).isLessThan(RESUMED_WITHIN);
                    publisher.publish(batches.get(2 * kill + 1));
                    service.runFor(random.nextInt(KILL_WITHIN_MILLIS)); // the kill moment
                } finally {
                    service.kill();
                }
                if (!live.inputsCommitted()) {
                    killsWithWorkPending++;
                }
                if (deleteState) {
                    Utils.delete(dir.resolve("state").toFile());
                }
            }
            publisher.publish(batches.get(2 * KILLS));
            ServiceProcess last = ServiceProcess.start(file, dir.resolve("run-last.log"));
            try {
                Duration running = last.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
                restarts.add("last start: RUNNING after " + running.toMillis() + " ms");
                live.readUntilCaughtUp(billed.listener(), Duration.ofMinutes(3), null);
                assertThat(last.terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
            } finally {
                last.destroy();
            }
        }
        LOG.info("{}: {} kills, {} with input not yet committed; {}", name, KILLS, killsWithWorkPending, restarts);

        assertThat(killsWithWorkPending).as("kills while input was not yet committed").isGreaterThanOrEqualTo(KILLS_WITH_WORK_PENDING);
        expected.assertNetOf(billed);
    }

    private static List<List<TrafficLine>> batches(List<TrafficLine> events, int count) {
        List<List<TrafficLine>> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(events.subList(events.size() * i / count, events.size() * (i + 1) / count));
        }
        return batches;
    }

    /** Waits until the service's group committed offsets beyond {@code before}; returns the time since the process started. */
    private static Duration awaitCommitsBeyond(CommittedOutputs live, long before, ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (committedSum(live) <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service committed nothing within " + START_TIMEOUT);
            }
            service.runFor(20);
        }
        return service.sinceStart();
    }

    private static long committedSum(CommittedOutputs live) throws Exception {
        return live.committed().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** The service's settings: its own application, topics and state directory; a static member when {@code staticMember}. */
    private Map<String, String> settings(String name, boolean staticMember) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("application.id", "convo-meter-" + name);
        settings.put("schema.registry.url", registry.url());
        settings.put("state.dir", dir.resolve("state").toString());
        settings.put("http.enabled", "false");
        settings.put("progress.interval", "PT5S");
        settings.put("streams.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
        if (staticMember) {
            settings.put("instance.id", name + "-0");
        }
        for (String topic : TopicNames.DEFAULTS.all()) {
            settings.put("topic." + topic, name + "-" + topic);
        }
        return settings;
    }

    private static ServiceConfig config(Map<String, String> settings) {
        ServiceConfig config = ServiceConfig.load(null, Map.of());
        for (var setting : settings.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue());
        }
        return config;
    }

    private Path writeProperties(Map<String, String> settings) throws IOException {
        Path file = dir.resolve("service.properties");
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "CrashRecoveryTest");
        }
        return file;
    }
}
