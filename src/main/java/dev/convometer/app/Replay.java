package dev.convometer.app;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.Pair;
import dev.convometer.topology.AvroEvents;
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
import java.util.Set;
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
 * Re-bills historical traffic: reads JSON Lines files and runs their events through the streaming service's own
 * topology in-process (TopologyTestDriver: stream-time punctuation, no broker; the state is kept in memory, see
 * BillingSettings.Storage). By default the events go in O-ORDER (SPEC section 1), so nothing is late; in
 * {@link Order#ARRIVAL} they go as they stand in the files, one by one, so the billing task's stream time advances as a
 * live task's does and late events are corrected or dead-lettered as too late (SPEC section 3a).
 */
final class Replay {
    /** Where the outputs go; all but opened may be null (not asked for). */
    record Outputs(Writer opened, Writer rejected, Writer deadLetters, Writer voided, Writer withdrawn) {
        Outputs(Writer opened, Writer rejected, Writer deadLetters) {
            this(opened, rejected, deadLetters, null, null);
        }
    }

    /** The order the events are applied in. */
    enum Order {
        /** Re-billing history (SPEC section 5 default): every event in its O-ORDER place, nothing is late. */
        O_ORDER,
        /** replay --arrival-order: as the files hold them (files in the order given), as a live stream receives them. */
        ARRIVAL
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
        return run(inputs, outputs, Order.O_ORDER);
    }

    BillingSummary run(List<Path> inputs, Outputs outputs, Order order) throws IOException {
        long started = System.nanoTime();
        TrafficFiles.Read read = order == Order.ARRIVAL
                ? TrafficFiles.readInFileOrder(inputs, outputs.deadLetters())
                : TrafficFiles.readSorted(inputs, outputs.deadLetters());
        List<TrafficLine> events = read.events();
        long deadLetters = read.deadLetters();
        progress.printf("replay: %d events read from %d file(s), %d dead letters; billing in %s...%n", events.size(), inputs.size(),
                deadLetters, order == Order.ARRIVAL ? "arrival order" : "O-ORDER");

        BillingCounters counters = new BillingCounters();
        String registryScope = "mock://replay-" + UUID.randomUUID();
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl(registryScope));
        Path stateDir = Files.createTempDirectory("convo-meter-replay");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                BillingTopology.build(topics, settings, counters), properties(topics, counters, stateDir))) {
            deadLetters += feed(driver, topics, counters, events, outputs);
        } finally {
            SchemaRegistry.dropMockScope(registryScope.substring("mock://".length()));
            deleteRecursively(stateDir);
        }
        return new BillingSummary(read.byKind(), deadLetters, counters, System.nanoTime() - started);
    }

    /**
     * One record at a time: the driver processes each one completely (through the pair repartition topic too) before
     * the next, so the billing task's stream time is the greatest timestamp piped so far, this one included.
     */
    private long feed(TopologyTestDriver driver, Topics topics, BillingCounters counters, List<TrafficLine> events, Outputs outputs)
            throws IOException {
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
            long deadBefore = counters.deadLetters();
            inputs.get(event.kind()).pipeInput(null, event.record(), at);
            if (counters.deadLetters() != deadBefore) {
                drain.deadLetters(event); // the topology refused this event (too late to correct): say which one it was
            }
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
        private final TestOutputTopic<String, ConversationVoided> voided;
        private final TestOutputTopic<String, RejectionWithdrawn> withdrawn;
        private final Set<String> typed;
        private final Map<String, TestOutputTopic<byte[], byte[]>> raw = new HashMap<>();
        private long deadLetters;

        Drain(TopologyTestDriver driver, Topics topics, Outputs outputs) {
            this.driver = driver;
            this.topics = topics;
            this.outputs = outputs;
            StringDeserializer key = new StringDeserializer();
            opened = driver.createOutputTopic(topics.conversationOpened.name(), key, topics.conversationOpened.valueSerde().deserializer());
            rejected = driver.createOutputTopic(topics.sendRejected.name(), key, topics.sendRejected.valueSerde().deserializer());
            voided = driver.createOutputTopic(topics.conversationVoided.name(), key, topics.conversationVoided.valueSerde().deserializer());
            withdrawn = driver.createOutputTopic(topics.rejectionWithdrawn.name(), key, topics.rejectionWithdrawn.valueSerde().deserializer());
            typed = Set.of(topics.conversationOpened.name(), topics.sendRejected.name(), topics.conversationVoided.name(),
                    topics.rejectionWithdrawn.name());
        }

        void all() throws IOException {
            for (ConversationOpened conversation : opened.readValuesToList()) {
                outputs.opened().write(BillingJson.opened(conversation));
                outputs.opened().write('\n');
            }
            for (SendRejected send : rejected.readValuesToList()) {
                write(outputs.rejected(), BillingJson.rejected(send));
            }
            for (ConversationVoided conversation : voided.readValuesToList()) {
                write(outputs.voided(), BillingJson.voided(conversation));
            }
            for (RejectionWithdrawn rejection : withdrawn.readValuesToList()) {
                write(outputs.withdrawn(), BillingJson.withdrawn(rejection));
            }
            for (String topic : driver.producedTopicNames()) {
                if (typed.contains(topic)) {
                    continue;
                }
                List<TestRecord<byte[], byte[]>> records = raw(topic).readRecordsToList();
                if (topic.equals(topics.deadLetter)) {
                    records.forEach(record -> deadLetter(record, null));
                }
            }
        }

        /** The dead letters the topology wrote while it processed {@code cause}. */
        void deadLetters(TrafficLine cause) {
            if (driver.producedTopicNames().contains(topics.deadLetter)) {
                raw(topics.deadLetter).readRecordsToList().forEach(record -> deadLetter(record, cause));
            }
        }

        private TestOutputTopic<byte[], byte[]> raw(String topic) {
            return raw.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }

        private static void write(Writer out, String line) throws IOException {
            if (out != null) {
                out.write(line);
                out.write('\n');
            }
        }

        /**
         * The lines were checked before billing, so only the topology's own refusals land here: an event too late to
         * correct (reason {@code too_late ...}), or a fault of the topology. {@code cause}, when known, is the event
         * it refused: its identity is written beside the reason.
         */
        private void deadLetter(TestRecord<byte[], byte[]> record, TrafficLine cause) {
            deadLetters++;
            if (outputs.deadLetters() == null) {
                return;
            }
            Header reason = record.headers().lastHeader("__streams.errors.message");
            String line = BillingJson.object(json -> {
                json.writeStringField("source", "topology");
                json.writeStringField("reason", reason == null ? "unknown" : new String(reason.value(), StandardCharsets.UTF_8));
                if (cause != null) {
                    Pair pair = AvroEvents.toDomain(cause.record()).pair();
                    json.writeStringField("type", cause.kind().wireName());
                    json.writeStringField("event_id", cause.position().eventId());
                    json.writeStringField("business_id", pair.businessId());
                    json.writeStringField("customer_id", pair.customerId());
                    json.writeStringField("timestamp", Instant.ofEpochMilli(cause.timestamp()).toString());
                }
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
