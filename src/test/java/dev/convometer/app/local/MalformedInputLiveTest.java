package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.avro.AdClick;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed records of every kind a producer can write, among valid traffic on a real broker: each is one dead letter
 * naming its source record, the service stays up, and the valid traffic bills exactly as replay bills it.
 */
class MalformedInputLiveTest {
    private static final int PARTITIONS = 3;
    // Just under the broker's default max.message.bytes (1,048,588): the broker takes it, but its dead letter with
    // headers would exceed the producer's default max.request.size (1,048,576) if it were not cut.
    private static final int NEAR_MAX_MESSAGE = 1_048_000;
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SharedBroker.kafka();
    }

    @Test
    void shouldDeadLetterEachMalformedRecordOnceAndBillTheRestAsReplayWhenMalformedRecordsOfEveryKindArrive() throws Exception {
        Path traffic = dir.resolve("traffic.jsonl");
        try (Writer out = Files.newBufferedWriter(traffic)) {
            new TrafficGenerator(40, 400, 17).writeTo(out);
        }
        ServiceConfig config = SharedBroker.freshConfig("malformed", dir.resolve("state"));
        kafka.createTopics(PARTITIONS, config.topics().all());
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        List<TrafficLine> events = TrafficFiles.readSorted(List.of(traffic), null).events();
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream()));

        publisher.publish(events.subList(0, events.size() / 2));
        List<String> malformed = publishMalformed(config, topics, Instant.ofEpochMilli(events.get(events.size() / 2).timestamp()));
        publisher.publish(events.subList(events.size() / 2, events.size()));

        NetBilling billed = new NetBilling();
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters);
             CommittedOutputs live = new CommittedOutputs(config, topics)) {
            service.start();
            live.readUntilCaughtUp(billed.listener(), Duration.ofMinutes(3), null);

            // a failed stream thread or client ends in ERROR or NOT_RUNNING for good: RUNNING now means it never stopped
            assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(service.failure()).isNull();
        }

        List<ConsumerRecord<byte[], byte[]>> dead = readToEnd(config.topics().deadLetter());
        assertThat(dead).extracting(MalformedInputLiveTest::source).containsExactlyInAnyOrderElementsOf(malformed);
        assertThat(dead).extracting(MalformedInputLiveTest::size).as("half the default max.request.size at most")
                .allMatch(size -> size <= 512 * 1024);
        assertThat(dead).extracting(record -> header(record, "__streams.errors.message"))
                .anyMatch(reason -> reason.contains("dev.convometer.avro.OutboundSend, not dev.convometer.avro.AdClick"))
                .anyMatch(reason -> reason.contains("dev.convometer.avro.AdClick, not dev.convometer.avro.InboundMessage"))
                .anyMatch(reason -> reason.contains("schema id 2147483647"))
                .anyMatch(reason -> reason.contains("magic byte"))
                .anyMatch(reason -> reason.equals("template without category"));
        assertThat(dead).filteredOn(record -> record.headers().lastHeader("convo-meter.truncated") != null).hasSize(2);
        assertThat(counters.deadLetters()).isEqualTo(malformed.size());

        Path opened = dir.resolve("replay-opened.jsonl");
        Path rejected = dir.resolve("replay-rejected.jsonl");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(new String[] {"replay", "--input", traffic.toString(), "--output", opened.toString(),
                "--rejected", rejected.toString()}, quiet, quiet)).isZero();
        assertThat(ComparisonTraffic.lines(opened)).hasSizeGreaterThan(20);
        assertThat(billed.netOpened()).containsExactlyInAnyOrderElementsOf(ComparisonTraffic.lines(opened));
        assertThat(billed.netRejected()).containsExactlyInAnyOrderElementsOf(ComparisonTraffic.lines(rejected));
    }

    /** Writes one malformed record of each kind; returns their coordinates as {@link #source} names them. */
    private static List<String> publishMalformed(ServiceConfig config, Topics topics, Instant at) throws Exception {
        String inbound = config.topics().inboundMessage();
        String adClick = config.topics().adClick();
        String outbound = config.topics().outboundSend();
        // valid events of a pair of their own: billed, they would open conversations replay does not
        OutboundSend template = new OutboundSend("stray-send", "stray-business", "stray-customer", at, MessageType.template,
                TemplateCategory.marketing, null);
        AdClick click = new AdClick("stray-click", "stray-business", "stray-customer", at, "ad-1", null, "ad");
        OutboundSend noCategory = new OutboundSend("no-category", "stray-business", "stray-customer", at, MessageType.template, null, null);
        OutboundSend hugeNoCategory = new OutboundSend("e".repeat(NEAR_MAX_MESSAGE - 100), "stray-business", "stray-customer", at,
                MessageType.template, null, null);
        byte[] garbage = new byte[NEAR_MAX_MESSAGE];
        Arrays.fill(garbage, (byte) 'x');
        List<ProducerRecord<byte[], byte[]>> records = List.of(
                record(adClick, at, topics.outboundSend.valueSerde().serializer().serialize(outbound, template)),
                record(inbound, at, topics.adClick.valueSerde().serializer().serialize(adClick, click)),
                record(outbound, at, garbage),
                record(inbound, at, new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2, 'x'}),
                record(adClick, at, "not avro".getBytes(StandardCharsets.UTF_8)),
                record(outbound, at, topics.outboundSend.valueSerde().serializer().serialize(outbound, noCategory)),
                record(outbound, at, topics.outboundSend.valueSerde().serializer().serialize(outbound, hugeNoCategory)));
        Properties props = config.clientProperties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * NEAR_MAX_MESSAGE);
        List<String> coordinates = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                RecordMetadata written = producer.send(record).get();
                coordinates.add(written.topic() + "/" + written.partition() + "/" + written.offset());
            }
        }
        return coordinates;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Instant at, byte[] value) {
        return new ProducerRecord<>(topic, null, at.toEpochMilli(), "stray-key".getBytes(StandardCharsets.UTF_8), value);
    }

    private static String source(ConsumerRecord<byte[], byte[]> deadLetter) {
        return header(deadLetter, "__streams.errors.topic") + "/" + header(deadLetter, "__streams.errors.partition") + "/"
                + header(deadLetter, "__streams.errors.offset");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static long size(ConsumerRecord<byte[], byte[]> record) {
        long size = record.serializedKeySize() + record.serializedValueSize();
        for (var header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    /** Every committed record of {@code topic}, read up to its end offsets: extra records would be seen too. */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("dead letters readable up to " + end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
