package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.topology.BillingTopology;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
 * seconds. With pricing and the monthly counters on (PRICING 7.11-7.13), killed while counter deltas that the pair
 * stage committed wait for the counter stage: its committed priced records, net, are replay's exactly, nothing counted
 * twice and nothing lost.
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
    /** For the counted run: the wait for a moment between the stages' commits, and for progress while it catches up. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Counted traffic: across the end of October 2026 in every zone of its accounts, all of it in the PMP_2026 era, where
     * free-form messages fill the PMP service free tier and utility and authentication messages the volume tiers.
     */
    private static final Instant COUNTED_START = Instant.parse("2026-10-29T00:00:00Z");
    private static final int COUNTED_DAYS = 4;
    private static final int COUNTED_PAIRS = 300;
    private static final int COUNTED_EVENTS = 8_000;
    private static final int COUNTED_KILLS = 2;

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
     * Traffic of several pairs of each portfolio (its businesses in several zones) across a month end, arriving up to two
     * days late, billed with free tiers of two and bands of two; the service is killed twice right after it committed
     * counter deltas of the pair stage that the counter stage had not yet committed as applied (and after priced records
     * of this run were committed), then restarted. The accounts are published first.
     */
    @Test
    void shouldPriceAndCountExactlyAsReplayWhenKilledTwiceBetweenTheTwoStagesCommitsAcrossAMonthEnd() throws Exception {
        Path traffic = PricedTraffic.generate(dir, COUNTED_PAIRS, COUNTED_EVENTS, 31, Duration.ofDays(2), COUNTED_START, COUNTED_DAYS);
        Path card = PricedTraffic.countingCard();
        PricedTraffic.Priced expected = PricedTraffic.replay(dir, traffic, card,
                "--cbp-free-tier", PricedTraffic.FREE_TIER, "--pmp-service-free-tier", PricedTraffic.FREE_TIER);
        List<List<TrafficLine>> batches = batches(TrafficFiles.readInFileOrder(List.of(traffic), null).events(), 2 * COUNTED_KILLS + 1);

        Map<String, String> settings = settings("crash-counted", true);
        settings.put("pricing.enabled", "true");
        settings.put("pricing.rate-card.path", card.toString());
        settings.put("pricing.country-markets.path", PricedTraffic.kit("country-markets.csv").toString());
        settings.put("pricing.cbp.free-tier", PricedTraffic.FREE_TIER);
        settings.put("pricing.pmp.service-free-tier", PricedTraffic.FREE_TIER);
        ServiceConfig config = config(settings);
        kafka.createTopics(PARTITIONS, config.topics()); // the accounts compacted
        Path file = writeProperties(settings);
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream()));
        publisher.publishAccounts(AccountFile.readAll(List.of(PricedTraffic.accounts(dir)), null).histories().values());
        String counterTopic = config.applicationId() + "-" + BillingTopology.COUNTER_REPARTITION + "-repartition";
        PricedTraffic.Priced live = new PricedTraffic.Priced();
        List<String> kills = new ArrayList<>();
        int killsBetweenStages = 0;
        int killsWithWorkPending = 0;
        try (CommittedOutputs committed = new CommittedOutputs(config, topics); Admin admin = Admin.create(config.clientProperties())) {
            for (int kill = 0; kill < COUNTED_KILLS; kill++) {
                publisher.publish(batches.get(2 * kill));
                long appliedBefore = committedSum(committed, counterTopic);
                ServiceProcess service = ServiceProcess.start(file, dir.resolve("counted-" + kill + ".log"));
                try {
                    Duration running = service.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
                    publisher.publish(batches.get(2 * kill + 1));
                    Duration between = awaitBetweenStages(admin, committed, counterTopic, appliedBefore, service);
                    kills.add("start " + kill + ": RUNNING after " + running.toMillis() + " ms, killed after " + between.toMillis() + " ms");
                } finally {
                    service.kill();
                }
                // the killed service's open transaction holds the last stable offset where it was: this is what it left
                if (countedNotApplied(admin, committed, counterTopic)) {
                    killsBetweenStages++;
                }
                if (!committed.inputsCommitted()) {
                    killsWithWorkPending++;
                }
            }
            publisher.publish(batches.get(2 * COUNTED_KILLS));
            ServiceProcess last = ServiceProcess.start(file, dir.resolve("counted-last.log"));
            try {
                Duration running = last.awaitLog(ServiceProcess.RUNNING, START_TIMEOUT);
                kills.add("last start: RUNNING after " + running.toMillis() + " ms");
                committed.readUntilCaughtUp(new CommittedOutputs.Listener(c -> { }, r -> { }, v -> { }, w -> { }, live::add), IDLE_TIMEOUT, null);
                assertThat(last.terminate(Duration.ofSeconds(60))).as("exit status after SIGTERM").isZero();
            } finally {
                last.destroy();
            }
        }
        LOG.info("counted: {} kills, {} between the stages' commits, {} with work pending; {}; {} priced records committed, {} voided",
                COUNTED_KILLS, killsBetweenStages, killsWithWorkPending, kills, live.conversations.size() + live.messages.size(),
                live.conversationsVoided.size() + live.messagesVoided.size());

        assertThat(killsWithWorkPending).as("kills while input or counter deltas were not yet committed as processed").isEqualTo(COUNTED_KILLS);
        assertThat(killsBetweenStages).as("kills between the pair stage's commit of counter deltas and the counter stage's").isPositive();
        assertThat(expected.messages).hasSizeGreaterThan(500);
        assertThat(PricedTraffic.field(expected.messages, "billing_month")).as("both months").contains("2026-10", "2026-11");
        assertThat(PricedTraffic.field(expected.messages, "tier")).as("ranks in both bands").contains("1:2", "3:");
        assertThat(PricedTraffic.field(expected.messages, "pricing_rule")).as("counted free tier and beyond it")
                .contains("P-PMP-FREE-TIER", "P-PMP-REGULAR");
        assertThat(live.messagesVoided).as("late items re-priced records").isNotEmpty();
        assertThat(live.net()).isEqualTo(expected.net());
    }

    /**
     * Waits until the counter stage committed deltas beyond {@code appliedBefore} (so priced records of this run are
     * committed) and the pair stage has committed deltas that the counter stage has not yet committed as applied;
     * returns the time since the process started.
     */
    private static Duration awaitBetweenStages(Admin admin, CommittedOutputs committed, String counterTopic, long appliedBefore,
                                               ServiceProcess service) throws Exception {
        long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        while (committedSum(committed, counterTopic) <= appliedBefore || !countedNotApplied(admin, committed, counterTopic)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no moment between the stages' commits within " + IDLE_TIMEOUT
                        + " (all input committed: " + committed.inputsCommitted() + ")");
            }
            service.runFor(10);
        }
        return service.sinceStart();
    }

    /**
     * A partition of the counter repartition topic has a committed delta beyond the group's committed offset: its last
     * stable offset is at least two beyond (a delta and its transaction's marker; a marker alone is one).
     */
    private static boolean countedNotApplied(Admin admin, CommittedOutputs committed, String counterTopic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            latest.put(new TopicPartition(counterTopic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable;
        try {
            stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // not created yet
            }
            throw e;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = committed.committed();
        return stable.entrySet().stream().anyMatch(e -> e.getValue().offset()
                - (offsets.containsKey(e.getKey()) ? offsets.get(e.getKey()).offset() : 0) >= 2);
    }

    private static long committedSum(CommittedOutputs live, String topic) throws Exception {
        return live.committed().entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().offset()).sum();
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
