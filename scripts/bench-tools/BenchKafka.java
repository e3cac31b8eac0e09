import dev.convometer.app.local.LocalKafka;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.serde.ConfluentRegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka side of scripts/bench. Not part of the service.
 *
 * <ul>
 *   <li>{@code broker READY_FILE [PREFIX]...}: a single-node KRaft broker (the project's LocalKafka: a child JVM in a
 *       temporary directory) with every topic the service names created (3 partitions; {@code business-accounts}
 *       compacted, with one partition, as {@code local} creates it), once with the default names and once more per PREFIX with
 *       each name prefixed (a second input in its own topics, read with the {@code topic.*} settings), and the tests'
 *       schema registry answering the Confluent API calls the service makes ({@code ConfluentRegistryServer}, from
 *       target/test-classes) (publish and run are separate processes: they cannot share a mock:// registry). Writes
 *       {@code bootstrap=...} and {@code registry=...} to READY_FILE, then runs until SIGTERM/SIGINT, when it stops the
 *       broker and deletes its directory.</li>
 *   <li>{@code await-group BOOTSTRAP GROUP PID TIMEOUT_S [PREFIX]}: returns (exit 0) once the consumer group's
 *       committed offsets equal the end offsets of the three input topics (their names prefixed by PREFIX, if given),
 *       and for every other topic it commits (the repartition topic, written in transactions) are at least the end
 *       offset minus one (the last transaction marker). Exit 1 on timeout, 3 if process PID exits first.</li>
 *   <li>{@code ends BOOTSTRAP TOPIC...}: prints {@code TOPIC=N} per topic, N the sum of its partitions' end offsets
 *       (records plus transaction markers: 0 only when nothing was ever written).</li>
 * </ul>
 */
public final class BenchKafka {
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("broker")) {
            broker(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
        } else if ((args.length == 5 || args.length == 6) && args[0].equals("await-group")) {
            System.exit(awaitGroup(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]),
                    prefixed(args.length == 6 ? args[5] : "")));
        } else if (args.length >= 3 && args[0].equals("ends")) {
            ends(args[1], Arrays.asList(args).subList(2, args.length));
        } else {
            System.err.println("usage: BenchKafka broker READY_FILE [PREFIX]... | await-group BOOTSTRAP GROUP PID TIMEOUT_S [PREFIX]"
                    + " | ends BOOTSTRAP TOPIC...");
            System.exit(2);
        }
    }

    /** The service's topic names, each with PREFIX in front (the {@code topic.*} settings of a second input). */
    static TopicNames prefixed(String prefix) {
        TopicNames d = TopicNames.DEFAULTS;
        return new TopicNames(prefix + d.inboundMessage(), prefix + d.adClick(), prefix + d.outboundSend(),
                prefix + d.conversationOpened(), prefix + d.sendRejected(), prefix + d.conversationVoided(),
                prefix + d.rejectionWithdrawn(), prefix + d.deadLetter(), prefix + d.businessAccounts(),
                prefix + d.pricedConversation(), prefix + d.pricedMessage(), prefix + d.pricedConversationVoided(),
                prefix + d.pricedMessageVoided());
    }

    private static void broker(Path ready, List<String> prefixes) throws Exception {
        ConfluentRegistryServer registry = ConfluentRegistryServer.start();
        LocalKafka kafka = LocalKafka.start(Duration.ofSeconds(120));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            registry.close();
            stopped.countDown();
        }, "bench-broker-stop"));
        List<TopicNames> sets = new ArrayList<>(List.of(TopicNames.DEFAULTS));
        prefixes.forEach(prefix -> sets.add(prefixed(prefix)));
        // business-accounts compacted, with one partition, as local creates it
        for (TopicNames names : sets) {
            kafka.createTopics(3, names);
        }
        Path temporary = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(temporary, "bootstrap=" + kafka.bootstrapServers() + "\nregistry=" + registry.url() + "\n");
        Files.move(temporary, ready, StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }

    private static int awaitGroup(String bootstrap, String group, long pid, long timeoutSeconds, TopicNames topics)
            throws Exception {
        Set<String> inputs = Set.of(topics.inboundMessage(), topics.adClick(), topics.outboundSend());
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> inputPartitions = new HashMap<>();
            admin.describeTopics(inputs).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(p -> inputPartitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> inputEnds = ends(admin, inputPartitions);
            while (System.nanoTime() < deadline) {
                if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    System.err.println("await-group: process " + pid + " exited before the group caught up");
                    return 3;
                }
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (caughtUp(admin, inputEnds, committed)) {
                    return 0;
                }
                Thread.sleep(100);
            }
            System.err.println("await-group: group " + group + " did not commit the end of its inputs in " + timeoutSeconds + " s");
            return 1;
        }
    }

    private static void ends(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                    .forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = ends(admin, partitions);
            for (String topic : topics) {
                long sum = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
                System.out.println(topic + "=" + sum);
            }
        }
    }

    private static boolean caughtUp(Admin admin, Map<TopicPartition, Long> inputEnds,
                                    Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        for (Map.Entry<TopicPartition, Long> end : inputEnds.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (offset == null || offset.offset() < end.getValue()) {
                return false;
            }
        }
        Map<TopicPartition, OffsetSpec> internal = new HashMap<>();
        committed.keySet().stream().filter(tp -> !inputEnds.containsKey(tp)).forEach(tp -> internal.put(tp, OffsetSpec.latest()));
        for (Map.Entry<TopicPartition, Long> end : ends(admin, internal).entrySet()) {
            if (committed.get(end.getKey()).offset() < end.getValue() - 1) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (partitions.isEmpty()) {
            return ends;
        }
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry :
                admin.listOffsets(partitions).all().get().entrySet()) {
            ends.put(entry.getKey(), entry.getValue().offset());
        }
        return ends;
    }
}
