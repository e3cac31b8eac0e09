package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficGenerator;
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
import java.lang.management.ManagementFactory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The billing service on a real single-node KRaft broker (a child JVM), exactly-once, with input topics of several
 * partitions: the same traffic gives, net of corrections, exactly what sorted replay gives, also when it arrives out of
 * order, unkeyed, over several partitions; no conversation twice, every input committed, and bad records land in the
 * dead-letter topic while processing goes on.
 */
class CommittedOutputsTest {
    private static final int PARTITIONS = 3;
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SharedBroker.kafka();
    }

    /** A fresh application, topics and registry scope per test, so tests never see each other's records. */
    private ServiceConfig freshConfig() throws Exception {
        return SharedBroker.freshConfig("t", dir.resolve("state"));
    }

    private static List<String> topicNames(ServiceConfig config) {
        return config.topics().all();
    }

    @Test
    void shouldBillExactlyAsReplayWhenTheSameTrafficIsPublishedIntoKafka() throws Exception {
        Path traffic = ComparisonTraffic.write(dir.resolve("traffic.jsonl"), 20_000);
        ComparisonTraffic.Expected replay = ComparisonTraffic.replay(traffic, dir);

        ServiceConfig config = freshConfig();
        kafka.createTopics(PARTITIONS, topicNames(config));
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        TrafficFiles.Read read = TrafficFiles.readSorted(List.of(traffic), null);
        new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream())).publish(read.events());

        NetBilling billed = new NetBilling();
        try (BillingService service = new BillingService(config, new BillingCounters());
             CommittedOutputs live = new CommittedOutputs(config, topics)) {
            service.start();
            live.readUntilCaughtUp(billed.listener(), Duration.ofMinutes(3), service);

            assertThat(live.committed().keySet().stream().map(p -> p.topic()).collect(Collectors.toSet()))
                    .contains(config.topics().inboundMessage(), config.topics().adClick(), config.topics().outboundSend());
        }

        replay.assertNetOf(billed);
    }

    @Test
    void shouldBillExactlyAsSortedReplayWhenTrafficArrivesOutOfOrder() throws Exception {
        // Webhooks retried for up to two days: every event arrives a seeded uniform delay in [0, 2 days] late.
        Path traffic = dir.resolve("generated-late.jsonl");
        try (var out = Files.newBufferedWriter(traffic)) {
            new TrafficGenerator(2_000, 20_000, 23, Duration.ofDays(2)).writeTo(out);
        }
        ComparisonTraffic.Expected replay = ComparisonTraffic.replay(traffic, dir);
        List<TrafficLine> arrivals = TrafficFiles.readInFileOrder(List.of(traffic), null).events();
        assertThat(outOfOrder(arrivals)).as("events that arrive after a later one").isGreaterThan(arrivals.size() / 4);

        ServiceConfig config = freshConfig().with("repartition.by.pair", "true");
        kafka.createTopics(PARTITIONS, topicNames(config));
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        // Unkeyed, as a webhook receiver writes them: a pair's events spread over the partitions of each input. Round
        // robin, because the default sticky partitioner may keep a short run of unkeyed records on one partition.
        java.util.Properties producer = config.clientProperties();
        producer.put(org.apache.kafka.clients.producer.ProducerConfig.PARTITIONER_CLASS_CONFIG,
                org.apache.kafka.clients.producer.RoundRobinPartitioner.class.getName());
        new TrafficPublisher(producer, topics, new PrintStream(OutputStream.nullOutputStream()))
                .publish(arrivals, TrafficPublisher.Keys.NONE);

        NetBilling billed = new NetBilling();
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters);
             CommittedOutputs live = new CommittedOutputs(config, topics)) {
            service.start();
            live.readUntilCaughtUp(billed.listener(), Duration.ofMinutes(5), service);

            assertThat(live.committed().entrySet().stream().filter(e -> e.getKey().topic().equals(config.topics().outboundSend())
                    && e.getValue().offset() > 0)).as("partitions of outbound-send the producer wrote to").hasSizeGreaterThan(1);
        }

        assertThat(billed.voided).as("late events corrected conversations").isNotEmpty();
        assertThat(counters.lateEvents()).isPositive();
        // counters also count what an aborted transaction emitted before its records were processed again
        assertThat(counters.voided()).isGreaterThanOrEqualTo(billed.voided.size());
        assertThat(counters.withdrawn()).isGreaterThanOrEqualTo(billed.withdrawn.size());
        assertThat(counters.tooLate()).as("five days of traffic, a 7-day correction horizon").isZero();
        assertThat(counters.deadLetters()).isZero();
        replay.assertNetOf(billed);
    }

    private static long outOfOrder(List<TrafficLine> events) {
        long latest = Long.MIN_VALUE;
        long late = 0;
        for (TrafficLine event : events) {
            if (event.timestamp() < latest) {
                late++;
            }
            latest = Math.max(latest, event.timestamp());
        }
        return late;
    }

    @Test
    void shouldDeadLetterMalformedRecordOfEachInputTopicAndGoOn() throws Exception {
        ServiceConfig config = freshConfig();
        kafka.createTopics(PARTITIONS, topicNames(config));
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        List<String> inputs = List.of(config.topics().inboundMessage(), config.topics().adClick(), config.topics().outboundSend());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : inputs) {
                producer.send(new ProducerRecord<>(topic, null, t0.toEpochMilli(), null, ("not avro on " + topic).getBytes(StandardCharsets.UTF_8))).get();
            }
            // readable Avro that breaks the contract: a template without category
            OutboundSend noCategory = new OutboundSend("bad", "b1", "c1", t0, MessageType.template, null, null);
            producer.send(new ProducerRecord<>(config.topics().outboundSend(), null, t0.toEpochMilli(), null,
                    topics.outboundSend.valueSerde().serializer().serialize(config.topics().outboundSend(), noCategory))).get();
            OutboundSend valid = new OutboundSend("good", "b1", "c1", t0.plusSeconds(60), MessageType.template, TemplateCategory.utility, null);
            producer.send(new ProducerRecord<>(config.topics().outboundSend(), null, t0.plusSeconds(60).toEpochMilli(), null,
                    topics.outboundSend.valueSerde().serializer().serialize(config.topics().outboundSend(), valid))).get();
        }

        NetBilling billed = new NetBilling();
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters);
             CommittedOutputs live = new CommittedOutputs(config, topics)) {
            service.start();
            live.readUntilCaughtUp(billed.listener(), Duration.ofMinutes(2), service);
        }

        assertThat(billed.opened).extracting(ConversationOpened::getOpenedBy).containsExactly("good");
        List<ConsumerRecord<byte[], byte[]>> dead = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().deadLetter());
        assertThat(dead).extracting(r -> header(r, "__streams.errors.topic"))
                .containsExactlyInAnyOrder(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(2));
        assertThat(dead).extracting(r -> header(r, "__streams.errors.message")).anyMatch(m -> m.contains("magic byte"))
                .anyMatch(m -> m.equals("template without category"));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).contains("not avro on " + inputs.get(1));
        assertThat(counters.deadLetters()).isEqualTo(4);
    }

    @Test
    void shouldStopWithFailureInsteadOfDeadLetteringWhenSchemaRegistryIsUnreachable() throws Exception {
        ServiceConfig config = freshConfig().with("schema.registry.url", "http://127.0.0.1:1");
        kafka.createTopics(PARTITIONS, topicNames(config));
        byte[] wireFormat = {0, 0, 0, 0, 7, 2, 'x'}; // schema id 7, which only the registry could resolve
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topics().inboundMessage(), wireFormat)).get();
        }
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters)) {
            service.start();

            boolean failed = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(90), service::awaitStop);

            assertThat(failed).isTrue();
            assertThat(service.failure()).hasStackTraceContaining("Schema registry call GET http://127.0.0.1:1/schemas/ids/7 failed");
            assertThat(counters.deadLetters()).isZero();
        }
    }

    @Test
    void shouldFailAtOnceWithTheServiceFailureWhenTheServiceDiesWhileItReadsTheOutputs() throws Exception {
        ServiceConfig config = freshConfig().with("schema.registry.url", "http://127.0.0.1:1");
        kafka.createTopics(PARTITIONS, topicNames(config));
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        byte[] wireFormat = {0, 0, 0, 0, 7, 2, 'x'}; // schema id 7: the unreachable registry stops the service
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topics().inboundMessage(), wireFormat)).get();
        }
        try (BillingService service = new BillingService(config, new BillingCounters());
             CommittedOutputs live = new CommittedOutputs(config, topics)) {
            service.start();

            // far below the idle timeout, which is what ended the wait before
            Throwable thrown = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(90),
                    () -> catchThrowable(() -> live.readUntilCaughtUp(new NetBilling().listener(), Duration.ofMinutes(30), service)));

            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the billing service stopped: ")
                    .hasCause(service.failure());
            assertThat(service.failure()).isNotNull();
        }
    }

    @Test
    void shouldCloseItsAdminClientAndConsumerWhenItCannotStart() throws Exception {
        ServiceConfig fresh = freshConfig();
        String clientId = "live-billing-" + fresh.applicationId();
        ServiceConfig config = fresh.with("kafka.client.id", clientId);
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        kafka.createTopics(PARTITIONS, topicNames(config).stream().filter(t -> !t.equals(config.topics().rejectionWithdrawn())).toList());

        assertThatThrownBy(() -> new CommittedOutputs(config, topics).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("output topic " + config.topics().rejectionWithdrawn() + " does not exist");

        assertThat(kafkaClients(clientId)).as("admin client and consumer of the failed CommittedOutputs").isEmpty();
        kafka.createTopics(PARTITIONS, List.of(config.topics().rejectionWithdrawn()));
        try (CommittedOutputs started = new CommittedOutputs(config, topics)) {
            assertThat(kafkaClients(clientId)).as("what an open one holds").hasSize(2);
        }
    }

    /** The Kafka clients of this id still open: each registers an app-info MBean until it is closed. */
    private static Set<ObjectName> kafkaClients(String clientId) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.*:type=app-info,id=" + clientId), null);
    }

    @Test
    void shouldPublishInReplayOrderKeyedByPairAndStampedWithEventTimeWhenPublishCommandRuns() throws Exception {
        ServiceConfig config = freshConfig();
        kafka.createTopics(PARTITIONS, topicNames(config));
        Path properties = dir.resolve("publish.properties");
        Files.writeString(properties, String.join("\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "schema.registry.url=" + config.schemaRegistryUrl(),
                "topic.inbound-message=" + config.topics().inboundMessage(),
                "topic.ad-click=" + config.topics().adClick(),
                "topic.outbound-send=" + config.topics().outboundSend()));
        Path traffic = dir.resolve("history.jsonl");
        Files.writeString(traffic, String.join("\n",
                "{\"type\":\"outbound_send\",\"event_id\":\"o2\",\"business_id\":\"b1\",\"customer_id\":\"c1\",\"timestamp\":\"2024-05-01T02:00:00Z\",\"message_type\":\"free_form\"}",
                "{\"type\":\"inbound_message\",\"event_id\":\"i1\",\"business_id\":\"b1\",\"customer_id\":\"c1\",\"timestamp\":\"2024-05-01T01:00:00Z\"}",
                "{\"type\":\"outbound_send\",\"event_id\":\"o1\",\"business_id\":\"b1\",\"customer_id\":\"c1\",\"timestamp\":\"2024-05-01T01:30:00Z\",\"message_type\":\"free_form\"}",
                "not an event"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        int status = ConvoMeter.run(new String[] {"publish", "--input", traffic.toString(), "--config", properties.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("published 3 events");
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        List<ConsumerRecord<byte[], byte[]>> sends = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().outboundSend());
        assertThat(sends).extracting(r -> topics.outboundSend.valueSerde().deserializer().deserialize(r.topic(), r.value()).getEventId())
                .containsExactly("o1", "o2");
        assertThat(sends).extracting(ConsumerRecord::timestamp)
                .containsExactly(Instant.parse("2024-05-01T01:30:00Z").toEpochMilli(), Instant.parse("2024-05-01T02:00:00Z").toEpochMilli());
        List<ConsumerRecord<byte[], byte[]>> inbound = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().inboundMessage());
        assertThat(inbound).hasSize(1);
        assertThat(dev.convometer.topology.PairKey.decode(inbound.get(0).key())).isEqualTo(new dev.convometer.domain.Pair("b1", "c1"));
        assertThat(inbound.get(0).partition()).as("one pair, one partition on every input").isEqualTo(sends.get(0).partition());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

}
