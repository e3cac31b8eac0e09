package dev.convometer.app.local;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics on the local broker and waits until it serves every partition. */
final class LocalTopics {
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private final Admin admin;
    private final BrokerProcess broker;

    LocalTopics(Admin admin, BrokerProcess broker) {
        this.admin = admin;
        this.broker = broker;
    }

    /**
     * Creates topics (idempotent: existing ones are fine, whatever their partition count and configuration) with the
     * partition count and replication 1, and waits until the broker serves every partition. Those in {@code compacted}
     * get {@code cleanup.policy=compact} and one partition: every instance reads them whole into a global store before
     * billing starts, and each partition after the first waits out the fetch left open on the one before.
     */
    void create(int partitions, Collection<String> names, Collection<String> compacted) throws InterruptedException, ExecutionException {
        if (names.isEmpty()) {
            return;
        }
        List<NewTopic> topics = names.stream().distinct().map(name -> compacted.contains(name)
                ? new NewTopic(name, 1, (short) 1).configs(COMPACTED)
                : new NewTopic(name, partitions, (short) 1)).toList();
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
            if (broker.exitedWithin(20, TimeUnit.MILLISECONDS)) {
                throw new ExecutionException(new IllegalStateException("The Kafka broker exited with code " + broker.exitValue()));
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
}
