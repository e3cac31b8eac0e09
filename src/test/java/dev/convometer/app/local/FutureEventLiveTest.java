package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event stamped two hours ahead of the wall clock on a real KRaft broker, which refuses records stamped more than
 * {@code log.message.timestamp.after.max.ms} (1 hour) ahead: forwarded with its own time, its produce failed and
 * stopped the service, again after every restart. Now it is a dead letter ({@code timestamp_in_future}, the default
 * {@code max.future.skew} of one hour), the service keeps running and bills what follows.
 */
class FutureEventLiveTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SharedBroker.kafka();
    }

    /** A fresh application, topics and registry scope per test; max.future.skew keeps its default (PT1H). */
    private ServiceConfig freshConfig(boolean repartitionByPair) throws Exception {
        return SharedBroker.freshConfig("future", dir.resolve("state")).with("repartition.by.pair", Boolean.toString(repartitionByPair));
    }

    @ParameterizedTest(name = "repartition.by.pair={0}")
    @ValueSource(booleans = {true, false})
    void shouldDeadLetterEventStampedTwoHoursAheadAndKeepRunningAndBillingWhenBrokerRefusesSuchTimestamps(boolean repartitionByPair) throws Exception {
        ServiceConfig config = freshConfig(repartitionByPair);
        kafka.createTopics(1, config.topics().all());
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        String outboundTopic = config.topics().outboundSend();
        Instant now = Instant.now();
        byte[] future = topics.outboundSend.valueSerde().serializer().serialize(outboundTopic,
                new OutboundSend("o-future", "b1", "c1", now.plus(Duration.ofHours(2)), MessageType.template, TemplateCategory.utility, null));
        byte[] valid = topics.outboundSend.valueSerde().serializer().serialize(outboundTopic,
                new OutboundSend("o-valid", "b1", "c2", now, MessageType.template, TemplateCategory.utility, null));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            // the record is stamped now (the broker takes it); the event inside says two hours on
            producer.send(new ProducerRecord<>(outboundTopic, 0, now.toEpochMilli(), null, future)).get();
            producer.send(new ProducerRecord<>(outboundTopic, 0, now.toEpochMilli(), null, valid)).get();
        }

        BillingCounters counters = new BillingCounters();
        List<ConsumerRecord<byte[], byte[]>> deadSeen = new ArrayList<>();
        List<ConversationOpened> openedSeen = new ArrayList<>();
        try (BillingService service = new BillingService(config, counters);
             KafkaConsumer<byte[], byte[]> outputs = committedReader(List.of(config.topics().deadLetter(), config.topics().conversationOpened()));
             Admin admin = Admin.create(config.clientProperties())) {
            service.start();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!(deadSeen.size() >= 1 && openedSeen.size() >= 1 && committedOffset(admin, config, new TopicPartition(outboundTopic, 0)) >= 2)) {
                assertThat(service.streams().state()).as("the service must not stop; failure: %s", service.failure())
                        .isNotIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);
                assertThat(System.nanoTime()).as("dead letter, conversation and committed input within %s; dead=%d opened=%d",
                        DEADLINE, deadSeen.size(), openedSeen.size()).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : outputs.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(config.topics().deadLetter())) {
                        deadSeen.add(record);
                    } else {
                        openedSeen.add(topics.conversationOpened.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                    }
                }
            }

            assertThat(service.failure()).isNull();
            assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        // everything committed, read to the end offsets: what came after the wait ended counts too
        List<ConsumerRecord<byte[], byte[]>> dead = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().deadLetter());
        List<ConversationOpened> opened = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().conversationOpened()).stream()
                .map(r -> topics.conversationOpened.valueSerde().deserializer().deserialize(r.topic(), r.value())).toList();
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> deadLetter = dead.get(0);
        assertThat(header(deadLetter, "__streams.errors.message")).startsWith("timestamp_in_future: event time ")
                .contains("is more than PT1H ahead of the clock");
        assertThat(header(deadLetter, "__streams.errors.topic")).isEqualTo(outboundTopic);
        assertThat(deadLetter.value()).isEqualTo(future);
        assertThat(deadLetter.timestamp()).as("stamped no later than the clock, so the broker took it").isLessThanOrEqualTo(now.toEpochMilli());
        assertThat(opened).extracting(ConversationOpened::getOpenedBy).containsExactly("o-valid");
        assertThat(counters.deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldPublishEventStampedTwoHoursAheadWithTheClockAndTheOthersWithTheirEventTimeWhenTheBrokerRefusesSuchTimestamps() throws Exception {
        ServiceConfig config = freshConfig(true);
        kafka.createTopics(1, config.topics().all());
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String line = "{\"type\":\"outbound_send\",\"event_id\":\"%s\",\"business_id\":\"b1\",\"customer_id\":\"c1\","
                + "\"timestamp\":\"%s\",\"message_type\":\"template\",\"category\":\"utility\"}";
        List<TrafficLine> events = List.of(TrafficLine.parse(String.format(line, "o-past", now.minus(Duration.ofDays(3)))),
                TrafficLine.parse(String.format(line, "o-future", now.plus(Duration.ofHours(2)))));

        long published = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream())).publish(events);
        long after = System.currentTimeMillis();

        assertThat(published).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().outboundSend());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).timestamp()).isEqualTo(now.minus(Duration.ofDays(3)).toEpochMilli());
        assertThat(records.get(1).timestamp()).as("the clock at send, not the event's two hours ahead").isBetween(now.toEpochMilli(), after);
        assertThat(topics.outboundSend.valueSerde().deserializer().deserialize(records.get(1).topic(), records.get(1).value()).getTimestamp())
                .as("the event keeps its own time").isEqualTo(now.plus(Duration.ofHours(2)));
    }

    private KafkaConsumer<byte[], byte[]> committedReader(List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The service's committed offset on an input partition, -1 before its first commit there. */
    private static long committedOffset(Admin admin, ServiceConfig config, TopicPartition partition) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get().get(partition);
        return committed == null ? -1 : committed.offset();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
