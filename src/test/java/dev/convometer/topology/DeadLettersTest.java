package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters always fit one produce request and cost one log line, from both handlers. */
class DeadLettersTest {
    private static final int ONE_MEGABYTE = 1024 * 1024;
    private static final Instant AT = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final String scope = "dead-letters-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> rawOutbound;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, ConversationOpened> opened;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letters-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(BillingTopology.build(topics, BillingSettings.DEFAULTS, counters), props);
        ByteArraySerializer raw = new ByteArraySerializer();
        rawOutbound = driver.createInputTopic(topics.outboundSend.name(), raw, raw);
        outbound = driver.createInputTopic(topics.outboundSend.name(), raw, topics.outboundSend.valueSerde().serializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        opened = driver.createOutputTopic(topics.conversationOpened.name(), new StringDeserializer(),
                topics.conversationOpened.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        SchemaRegistry.dropMockScope(scope);
    }

    @Test
    void shouldCutDeadLetterToHalfAMegabyteWhenUnreadableValueIsAboutOneMegabyte() {
        byte[] garbage = new byte[ONE_MEGABYTE];
        Arrays.fill(garbage, (byte) '{');
        byte[] key = "k-1".getBytes(StandardCharsets.UTF_8);

        rawOutbound.pipeInput(key, garbage, AT);
        template("o1");

        TestRecord<byte[], byte[]> dead = deadLetters.readRecordsToList().get(0);
        assertThat(size(dead)).isLessThan(ONE_MEGABYTE / 2);
        assertThat(dead.key()).isEqualTo(key);
        assertThat(garbage).startsWith(dead.value());
        assertThat(header(dead, DeadLetters.TRUNCATED)).isEqualTo("value:" + ONE_MEGABYTE);
        assertThat(header(dead, DeadLetters.MESSAGE)).contains("magic byte");
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(topics.outboundSend.name());
        assertThat(header(dead, DeadLetters.PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
    }

    @Test
    void shouldCutDeadLetterWhenContractBreakingRecordIsAboutOneMegabyte() {
        String hugeId = "e".repeat(ONE_MEGABYTE);
        outbound.pipeInput(null, new OutboundSend(hugeId, "b-1", "c-1", AT, MessageType.template, null, null), AT);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecordsToList().get(0);
        assertThat(size(dead)).isLessThan(ONE_MEGABYTE / 2);
        assertThat(header(dead, DeadLetters.MESSAGE)).isEqualTo("template without category");
        assertThat(header(dead, DeadLetters.TRUNCATED)).startsWith("value:");
        assertThat(header(dead, DeadLetters.OFFSET)).isEqualTo("0");
    }

    @Test
    void shouldLogOneLineWithoutStackTraceWhenRecordIsDeadLettered() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            rawOutbound.pipeInput(null, "not avro".getBytes(StandardCharsets.UTF_8), AT);
            outbound.pipeInput(null, new OutboundSend("o0", "b-1", "c-1", AT, MessageType.template, null, null), AT);
        } finally {
            System.setErr(err);
        }

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("Dead letter")).hasSize(2)
                .allMatch(line -> line.contains("WARN") && line.contains(topics.outboundSend.name()))
                .anyMatch(line -> line.contains("partition 0 offset 0") && line.contains("magic byte"))
                .anyMatch(line -> line.contains("partition 0 offset 1") && line.contains("template without category"));
        assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception caught during"));
    }

    private void template(String id) {
        outbound.pipeInput(null, new OutboundSend(id, "b-1", "c-1", AT, MessageType.template, TemplateCategory.utility, null), AT);
    }

    private static long size(TestRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
