package dev.convometer.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay's own driver ({@link dev.convometer.topology.replay.ReplayTask}, on several threads) against the billing topology run
 * by Kafka Streams' TopologyTestDriver, as replay ran it before: the same outputs, line for line, for generated
 * traffic in arrival order with late events (corrections, punctuation as stream time advances).
 */
class ReplayMatchesKafkaStreamsTest {
    @TempDir
    Path dir;

    private record Outputs(String opened, String rejected, String voided, String withdrawn) {
    }

    @Test
    void shouldWriteWhatTheTopologyWritesUnderKafkaStreamsWhenArrivalOrderHasLateEvents() throws IOException {
        Path input = dir.resolve("late.jsonl");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            new TrafficGenerator(200, 6_000, 13, Duration.ofDays(2)).writeTo(out);
        }

        Outputs expected = throughKafkaStreams(TrafficFiles.readInFileOrder(List.of(input), null).events());
        StringWriter opened = new StringWriter();
        StringWriter rejected = new StringWriter();
        StringWriter voided = new StringWriter();
        StringWriter withdrawn = new StringWriter();
        new Replay(BillingSettings.DEFAULTS, new PrintStream(OutputStream.nullOutputStream()),
                new Replay.Options(3, Replay.Options.DEFAULT_MEMORY, Files.createDirectories(dir.resolve("tmp")), Replay.State.MEMORY))
                .run(List.of(input), new Replay.Outputs(opened, rejected, null, voided, withdrawn), Replay.Order.ARRIVAL);

        assertThat(expected.voided()).isNotEmpty();
        assertThat(new Outputs(opened.toString(), rejected.toString(), voided.toString(), withdrawn.toString())).isEqualTo(expected);
    }

    /** Each event piped and processed completely before the next, its outputs read in order. */
    private Outputs throughKafkaStreams(List<TrafficLine> events) throws IOException {
        BillingCounters counters = new BillingCounters();
        String scope = "replay-match-" + UUID.randomUUID();
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-match");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        StringBuilder opened = new StringBuilder();
        StringBuilder rejected = new StringBuilder();
        StringBuilder voided = new StringBuilder();
        StringBuilder withdrawn = new StringBuilder();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                BillingTopology.build(topics, BillingSettings.DEFAULTS.withStorage(BillingSettings.Storage.IN_MEMORY), counters), props)) {
            Map<EventKind, TestInputTopic<byte[], SpecificRecord>> inputs = new EnumMap<>(EventKind.class);
            for (EventKind kind : EventKind.values()) {
                Topics.Topic<byte[], ? extends SpecificRecord> topic = topics.input(kind);
                inputs.put(kind, driver.createInputTopic(topic.name(), new ByteArraySerializer(), serializer(topic.valueSerde().serializer())));
            }
            StringDeserializer key = new StringDeserializer();
            var openedTopic = driver.createOutputTopic(topics.conversationOpened.name(), key, topics.conversationOpened.valueSerde().deserializer());
            var rejectedTopic = driver.createOutputTopic(topics.sendRejected.name(), key, topics.sendRejected.valueSerde().deserializer());
            var voidedTopic = driver.createOutputTopic(topics.conversationVoided.name(), key, topics.conversationVoided.valueSerde().deserializer());
            var withdrawnTopic = driver.createOutputTopic(topics.rejectionWithdrawn.name(), key, topics.rejectionWithdrawn.valueSerde().deserializer());
            for (TrafficLine event : events) {
                inputs.get(event.kind()).pipeInput(null, event.record(), Instant.ofEpochMilli(event.timestamp()));
                for (ConversationOpened c : openedTopic.readValuesToList()) {
                    opened.append(BillingJson.opened(c)).append('\n');
                }
                for (SendRejected r : rejectedTopic.readValuesToList()) {
                    rejected.append(BillingJson.rejected(r)).append('\n');
                }
                for (ConversationVoided v : voidedTopic.readValuesToList()) {
                    voided.append(BillingJson.voided(v)).append('\n');
                }
                for (RejectionWithdrawn w : withdrawnTopic.readValuesToList()) {
                    withdrawn.append(BillingJson.withdrawn(w)).append('\n');
                }
            }
        } finally {
            SchemaRegistry.dropMockScope(scope);
        }
        return new Outputs(opened.toString(), rejected.toString(), voided.toString(), withdrawn.toString());
    }

    @SuppressWarnings("unchecked")
    private static Serializer<SpecificRecord> serializer(Serializer<? extends SpecificRecord> serializer) {
        return (Serializer<SpecificRecord>) serializer;
    }
}
