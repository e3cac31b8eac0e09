package dev.convometer.app.local;

import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the running service billed, as a billing pipeline does ({@code isolation.level=read_committed}), until
 * it has caught up: the service's consumer group has committed every input record and every record of its pair
 * repartition topic (and, with pricing, of its counter repartition topic), and every committed output has been read. It reads the four billing outputs: conversations
 * opened and rejected sends, and their corrections, conversations voided and rejections withdrawn (SPEC 3a); with
 * pricing enabled, the four priced ones too (PRICING 7.8), net likewise: emitted minus voided.
 * The net result is opened minus voided and rejected minus withdrawn; Kafka keeps no order across topics, so a
 * correction may be handed over before or after the new conversations that the same late event brought.
 */
public final class CommittedOutputs implements AutoCloseable {
    /**
     * What to do with each output record as it is read, on the reading thread. A conversation {@code voided} and a
     * rejection {@code withdrawn} take back one handed over earlier to {@code opened} or {@code rejected}. With pricing
     * enabled, {@code priced} gets the records of the four priced topics (PRICING 7.8): {@code PricedConversation},
     * {@code PricedMessage}, and the {@code PricedConversationVoided} and {@code PricedMessageVoided} that take one back.
     */
    public record Listener(Consumer<ConversationOpened> opened, Consumer<SendRejected> rejected,
                           Consumer<ConversationVoided> voided, Consumer<RejectionWithdrawn> withdrawn,
                           Consumer<SpecificRecord> priced) {
        /** A listener for billing's outputs only: priced records are passed over. */
        public Listener(Consumer<ConversationOpened> opened, Consumer<SendRejected> rejected,
                        Consumer<ConversationVoided> voided, Consumer<RejectionWithdrawn> withdrawn) {
            this(opened, rejected, voided, withdrawn, record -> { });
        }
    }

    private final ServiceConfig config;
    private final Topics topics;
    private final Admin admin;
    private final KafkaConsumer<String, byte[]> outputs;
    private final List<TopicPartition> outputPartitions = new ArrayList<>();
    private final Map<String, Topics.Topic<String, ? extends SpecificRecord>> priced;
    private volatile boolean stopping;

    public CommittedOutputs(ServiceConfig config, Topics topics) {
        this.config = config;
        this.topics = topics;
        this.priced = config.pricingEnabled() ? pricedTopics(topics) : Map.of();
        this.admin = Admin.create(config.clientProperties());
        KafkaConsumer<String, byte[]> consumer = null;
        try {
            Properties props = config.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<String> outputTopics = new ArrayList<>(List.of(topics.conversationOpened.name(), topics.sendRejected.name(),
                    topics.conversationVoided.name(), topics.rejectionWithdrawn.name()));
            outputTopics.addAll(priced.keySet());
            for (String topic : outputTopics) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("output topic " + topic + " does not exist");
                }
                partitions.forEach(info -> outputPartitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(outputPartitions);
            consumer.seekToBeginning(outputPartitions);
        } catch (RuntimeException e) {
            // the caller gets no object to close: close what was opened here
            if (consumer != null) {
                consumer.close();
            }
            admin.close();
            throw e;
        }
        this.outputs = consumer;
    }

    /**
     * Hands each output to {@code listener} as it arrives; returns once caught up. Throws as soon as {@code service}
     * stopped (with its failure as the cause), or after {@code idleTimeout} without progress. {@code service} is null
     * for a service that runs in another process.
     */
    public void readUntilCaughtUp(Listener listener, Duration idleTimeout, BillingService service) throws Exception {
        long lastProgress = System.nanoTime();
        long lastCommitted = -1;
        while (true) {
            if (service != null && service.stopped()) {
                throw new IllegalStateException("the billing service stopped: " + service.stopReason(), service.failure());
            }
            boolean progressed = read(listener, Duration.ofMillis(200)) > 0;
            long committed = committed().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            progressed |= committed != lastCommitted;
            lastCommitted = committed;
            if (inputsCommitted()) {
                // Everything is billed and its transaction committed, but the commit markers reach the output
                // partitions a moment after the offsets: read up to the high watermark, which no longer moves and
                // which a read_committed consumer passes once the last transaction's marker is there.
                Map<TopicPartition, Long> end = highWatermarks(outputPartitions);
                long deadline = System.nanoTime() + idleTimeout.toNanos();
                while (outputPartitions.stream().anyMatch(p -> outputs.position(p) < end.get(p))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("outputs not readable up to " + end + " within " + idleTimeout);
                    }
                    read(listener, Duration.ofMillis(200));
                }
                return;
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                throw new IllegalStateException("no progress for " + idleTimeout + "; committed offsets: " + committed());
            }
        }
    }

    /** Reads until {@link #stop()} is called from another thread. */
    public void readForever(Listener listener) {
        try {
            while (!stopping) {
                read(listener, Duration.ofMillis(500));
            }
        } catch (WakeupException stopped) {
            // stop() woke the consumer up
        }
    }

    /** Ends {@link #readForever}; the one call that may come from another thread. */
    public void stop() {
        stopping = true;
        outputs.wakeup();
    }

    private int read(Listener listener, Duration wait) {
        int count = 0;
        for (ConsumerRecord<String, byte[]> record : outputs.poll(wait)) {
            String topic = record.topic();
            if (topic.equals(topics.conversationOpened.name())) {
                listener.opened().accept(value(topics.conversationOpened, record));
            } else if (topic.equals(topics.sendRejected.name())) {
                listener.rejected().accept(value(topics.sendRejected, record));
            } else if (topic.equals(topics.conversationVoided.name())) {
                listener.voided().accept(value(topics.conversationVoided, record));
            } else if (topic.equals(topics.rejectionWithdrawn.name())) {
                listener.withdrawn().accept(value(topics.rejectionWithdrawn, record));
            } else if (priced.containsKey(topic)) {
                listener.priced().accept(value(priced.get(topic), record));
            } else {
                throw new IllegalStateException("record from a topic not assigned: " + topic);
            }
            count++;
        }
        return count;
    }

    /** The four priced outputs by name. */
    private static Map<String, Topics.Topic<String, ? extends SpecificRecord>> pricedTopics(Topics topics) {
        Map<String, Topics.Topic<String, ? extends SpecificRecord>> priced = new LinkedHashMap<>();
        for (Topics.Topic<String, ? extends SpecificRecord> topic : List.of(topics.pricedConversation, topics.pricedMessage,
                topics.pricedConversationVoided, topics.pricedMessageVoided)) {
            priced.put(topic.name(), topic);
        }
        return priced;
    }

    private static <V> V value(Topics.Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    /** The service's committed offsets reach the end of every input and repartition partition. */
    boolean inputsCommitted() throws Exception {
        // committed offsets first: a stage whose offsets cover its input wrote all it forwards before them, so ends read
        // after them count it, and the next stage must have committed that too
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        Set<String> consumed = inputTopics();
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(consumed).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // the service has not created its repartition topic yet
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var description : descriptions.values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get();
        return end.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
    }

    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    Set<String> inputTopics() {
        Set<String> consumed = new java.util.HashSet<>(Set.of(topics.inboundMessage.name(), topics.adClick.name(), topics.outboundSend.name()));
        if (config.billing().repartitionByPair()) {
            consumed.add(config.applicationId() + "-" + BillingTopology.REPARTITION + "-repartition");
        }
        if (config.pricingEnabled()) {
            consumed.add(config.applicationId() + "-" + BillingTopology.COUNTER_REPARTITION + "-repartition");
        }
        return consumed;
    }

    @Override
    public void close() {
        outputs.close();
        admin.close();
    }
}
