package dev.convometer.app;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Re-bills historical traffic: reads JSON Lines files, orders the events by timestamp (stable: equal timestamps keep
 * file order, files in the order given) and runs them through the streaming service's own topology in-process
 * (TopologyTestDriver: stream-time punctuation, no broker; the state is kept in memory, see BillingSettings.Storage).
 */
final class Replay {
    /** Where the outputs go; rejected and deadLetters may be null (not asked for). */
    record Outputs(Writer opened, Writer rejected, Writer deadLetters) {
    }

    private static final String APPLICATION_ID = "convo-meter-replay";
    private static final int DRAIN_EVERY = 1_000;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private final BillingSettings settings;
    private final PrintStream progress;

    Replay(BillingSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    BillingSummary run(List<Path> inputs, Outputs outputs) throws IOException {
        long started = System.nanoTime();
        TrafficFiles.Read read = TrafficFiles.readSorted(inputs, outputs.deadLetters());
        List<TrafficLine> events = read.events();
        long deadLetters = read.deadLetters();
        progress.printf("replay: %d events read from %d file(s), %d dead letters; billing...%n", events.size(), inputs.size(), deadLetters);

        BillingCounters counters = new BillingCounters();
        String registryScope = "mock://replay-" + UUID.randomUUID();
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl(registryScope));
        Path stateDir = Files.createTempDirectory("convo-meter-replay");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                BillingTopology.build(topics, settings, counters), properties(topics, counters, stateDir))) {
            deadLetters += feed(driver, topics, events, outputs);
        } finally {
            SchemaRegistry.dropMockScope(registryScope.substring("mock://".length()));
            deleteRecursively(stateDir);
        }
        return new BillingSummary(read.byKind(), deadLetters, counters, System.nanoTime() - started);
    }

    private long feed(TopologyTestDriver driver, Topics topics, List<TrafficLine> events, Outputs outputs) throws IOException {
        Map<EventKind, TestInputTopic<byte[], SpecificRecord>> inputs = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            Topics.Topic<byte[], ? extends SpecificRecord> topic = topics.input(kind);
            inputs.put(kind, driver.createInputTopic(topic.name(), new ByteArraySerializer(), recordSerializer(topic.valueSerde().serializer())));
        }
        Drain drain = new Drain(driver, topics, outputs);
        long lastProgress = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            TrafficLine event = events.get(i);
            Instant at = Instant.ofEpochMilli(event.timestamp());
            inputs.get(event.kind()).pipeInput(null, event.record(), at);
            if (i % DRAIN_EVERY == DRAIN_EVERY - 1) {
                drain.all();
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                    lastProgress = System.nanoTime();
                    progress.printf("replay: %d/%d events billed (%d%%)%n", i + 1, events.size(), (i + 1) * 100L / events.size());
                }
            }
        }
        drain.all();
        return drain.deadLetters;
    }

    /** Each input topic's serializer sees only records of its own kind. */
    @SuppressWarnings("unchecked")
    private static Serializer<SpecificRecord> recordSerializer(Serializer<? extends SpecificRecord> serializer) {
        return (Serializer<SpecificRecord>) serializer;
    }

    /**
     * The test driver keeps every record written to any topic until it is read: read them as they come, write the
     * outputs, and let go of the rest (repartition and changelog records).
     */
    private static final class Drain {
        private final TopologyTestDriver driver;
        private final Topics topics;
        private final Outputs outputs;
        private final TestOutputTopic<String, ConversationOpened> opened;
        private final TestOutputTopic<String, SendRejected> rejected;
        private final Map<String, TestOutputTopic<byte[], byte[]>> raw = new HashMap<>();
        private long deadLetters;

        Drain(TopologyTestDriver driver, Topics topics, Outputs outputs) {
            this.driver = driver;
            this.topics = topics;
            this.outputs = outputs;
            StringDeserializer key = new StringDeserializer();
            opened = driver.createOutputTopic(topics.conversationOpened.name(), key, topics.conversationOpened.valueSerde().deserializer());
            rejected = driver.createOutputTopic(topics.sendRejected.name(), key, topics.sendRejected.valueSerde().deserializer());
        }

        void all() throws IOException {
            for (ConversationOpened conversation : opened.readValuesToList()) {
                outputs.opened().write(BillingJson.opened(conversation));
                outputs.opened().write('\n');
            }
            for (SendRejected send : rejected.readValuesToList()) {
                if (outputs.rejected() != null) {
                    outputs.rejected().write(BillingJson.rejected(send));
                    outputs.rejected().write('\n');
                }
            }
            for (String topic : driver.producedTopicNames()) {
                if (topic.equals(topics.conversationOpened.name()) || topic.equals(topics.sendRejected.name())) {
                    continue;
                }
                List<TestRecord<byte[], byte[]>> records = raw.computeIfAbsent(topic,
                        t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer())).readRecordsToList();
                if (topic.equals(topics.deadLetter)) {
                    records.forEach(this::deadLetter);
                }
            }
        }

        /** The lines were checked before billing, so only a fault of the topology itself lands here. */
        private void deadLetter(TestRecord<byte[], byte[]> record) {
            deadLetters++;
            if (outputs.deadLetters() == null) {
                return;
            }
            Header reason = record.headers().lastHeader("__streams.errors.message");
            String line = BillingJson.object(json -> {
                json.writeStringField("source", "topology");
                json.writeStringField("reason", reason == null ? "unknown" : new String(reason.value(), StandardCharsets.UTF_8));
                json.writeBinaryField("value", record.value() == null ? new byte[0] : record.value());
            });
            try {
                outputs.deadLetters().write(line + '\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Properties properties(Topics topics, BillingCounters counters, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092"); // never contacted
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        return props;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
