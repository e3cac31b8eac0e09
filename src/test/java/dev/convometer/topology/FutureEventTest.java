package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.topology.serde.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events stamped too far ahead of the wall clock (SPEC 4, {@code timestamp_in_future}) and dead letters in general:
 * dead-lettered with the original bytes, and never moving stream time. The driver's mocked wall clock drives the
 * contract check; the event-time extractor reads the system clock, so "future" events here are future for both.
 */
class FutureEventTest {
    private static final String BUSINESS = "15550001";
    private static final Duration SKEW = Duration.ofHours(1);
    private static final String MESSAGE = "__streams.errors.message";

    @TempDir
    Path stateDir;

    private final String scope = "future-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    /** Stream time of the source task each time a valid outbound send passed the contract check. */
    private final List<Long> streamTimeSeen = new CopyOnWriteArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], InboundMessage> inbound;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestInputTopic<byte[], byte[]> rawOutbound;
    private TestOutputTopic<String, ConversationOpened> opened;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        SchemaRegistry.dropMockScope(scope);
    }

    private static BillingSettings live(boolean repartitionByPair) {
        return new BillingSettings(repartitionByPair, DeduplicationHorizon.DEFAULT, Duration.ofDays(7), SKEW,
                Duration.ofMinutes(1), BillingSettings.Storage.IN_MEMORY);
    }

    private void start(BillingSettings settings, Instant wallClock) {
        Topology topology = BillingTopology.build(topics, settings, counters);
        // a test-only child of the contract check: it sees the stream time of the task the sources belong to
        topology.addProcessor("stream-time-probe", () -> new StreamTimeProbe(streamTimeSeen), topics.outboundSend.name() + "-contract-check");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "future-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(topology, props, wallClock);
        ByteArraySerializer raw = new ByteArraySerializer();
        inbound = driver.createInputTopic(topics.inboundMessage.name(), raw, topics.inboundMessage.valueSerde().serializer());
        outbound = driver.createInputTopic(topics.outboundSend.name(), raw, topics.outboundSend.valueSerde().serializer());
        rawOutbound = driver.createInputTopic(topics.outboundSend.name(), raw, raw);
        opened = driver.createOutputTopic(topics.conversationOpened.name(), new StringDeserializer(), topics.conversationOpened.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static OutboundSend template(String id, String customer, Instant at) {
        return new OutboundSend(id, BUSINESS, customer, at, MessageType.template, TemplateCategory.utility, null);
    }

    private void send(OutboundSend event, Instant recordTimestamp) {
        outbound.pipeInput(null, event, recordTimestamp);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterOriginalBytesWithTimestampInFutureAndBillWhatFollowsWhenEventIsStampedBeyondTheSkew() {
        Instant now = Instant.now();
        start(live(true), now);
        Instant twoHoursAhead = now.plus(Duration.ofHours(2));
        byte[] future = topics.outboundSend.valueSerde().serializer().serialize(topics.outboundSend.name(), template("o-future", "c1", twoHoursAhead));

        rawOutbound.pipeInput(null, future, now); // the producer stamped the record now; the event says two hours on
        send(template("o1", "c1", now), now);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(future);
        assertThat(header(dead.get(0), MESSAGE)).isEqualTo("timestamp_in_future: event time " + Instant.ofEpochMilli(twoHoursAhead.toEpochMilli())
                + " is more than PT1H ahead of the clock " + Instant.ofEpochMilli(now.toEpochMilli()));
        assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo(topics.outboundSend.name());
        assertThat(dead.get(0).timestamp()).as("a broker refuses a dead letter stamped two hours ahead").isLessThanOrEqualTo(now.toEpochMilli());
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
        assertThat(counters.deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldAcceptEventExactlyMaxFutureSkewAheadAndDeadLetterOneMillisecondMoreWhenClockIsFixed() {
        Instant clock = Instant.parse("2024-05-01T00:00:00Z");
        start(live(true), clock);

        send(template("o1", "c1", clock.plus(SKEW)), clock);
        send(template("o2", "c2", clock.plus(SKEW).plusMillis(1)), clock);
        driver.advanceWallClockTime(Duration.ofMillis(1));
        send(template("o2", "c2", clock.plus(SKEW).plusMillis(1)), clock); // the same event, one millisecond later

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, MESSAGE))
                .containsExactly("timestamp_in_future: event time 2024-05-01T01:00:00.001Z is more than PT1H ahead of the clock 2024-05-01T00:00:00Z");
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1", "o2");
    }

    @Test
    void shouldBillFarFutureEventWhenMaxFutureSkewIsNotSet() {
        Instant now = Instant.now();
        start(live(true).withMaxFutureSkew(null), now);

        send(template("o1", "c1", now.plus(Duration.ofDays(365))), now);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
    }

    @Test
    void shouldCheckTheContractBeforeTheClockWhenEventIsBothBrokenAndInFuture() {
        Instant now = Instant.now();
        start(live(true), now);

        send(new OutboundSend("o1", BUSINESS, "c1", now.plus(Duration.ofHours(2)), MessageType.template, null, null), now);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, MESSAGE)).containsExactly("template without category");
    }

    @ParameterizedTest(name = "repartitionByPair={0}")
    @ValueSource(booleans = {false, true})
    void shouldNotMoveStreamTimeWhenDeadLetterIsStampedFarAhead(boolean repartitionByPair) {
        Instant now = Instant.now();
        start(live(repartitionByPair), now);
        Instant t0 = now.minus(Duration.ofDays(1));
        Instant t1 = t0.plus(Duration.ofMinutes(5));

        send(template("o1", "c1", t0), t0);
        send(template("o-typo", "c2", Instant.parse("9999-12-31T23:59:59Z")), now); // valid contract, far future
        // broken contract, far ahead, on another input of the same task
        inbound.pipeInput(null, new InboundMessage("", BUSINESS, "c3", Instant.parse("9000-01-01T00:00:00Z"), null), now);
        send(new OutboundSend("o-broken", BUSINESS, "c4", Instant.parse("9000-01-01T00:00:00Z"), MessageType.template, null, null), now);
        send(template("o2", "c5", t1), t1);

        assertThat(streamTimeSeen).as("stream time when o1 and then o2 passed the contract check")
                .containsExactly(t0.toEpochMilli(), t1.toEpochMilli());
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, MESSAGE)).satisfiesExactly(
                m -> assertThat(m).startsWith("timestamp_in_future: event time 9999-12-31T23:59:59Z"),
                m -> assertThat(m).isEqualTo("empty required field event_id"),
                m -> assertThat(m).isEqualTo("template without category"));
        assertThat(dead).as("dead letters keep their partition's time; nothing was read from inbound before")
                .extracting(TestRecord::timestamp).containsExactly(t0.toEpochMilli(), 0L, t0.toEpochMilli());
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1", "o2");
    }

    @ParameterizedTest(name = "repartitionByPair={0}")
    @ValueSource(booleans = {false, true})
    void shouldNotMoveStreamTimeWhenFirstRecordOfThePartitionIsADeadLetter(boolean repartitionByPair) {
        Instant now = Instant.now();
        start(live(repartitionByPair), now);
        Instant t0 = now.minus(Duration.ofDays(1));

        send(template("o-typo", "c1", Instant.parse("9999-12-31T23:59:59Z")), now);
        send(template("o1", "c1", t0), t0);

        assertThat(streamTimeSeen).containsExactly(t0.toEpochMilli());
        assertThat(deadLetters.readRecordsToList()).extracting(TestRecord::timestamp)
                .as("no partition time yet: zero, never negative (Kafka Streams would drop the record silently)")
                .containsExactly(0L);
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
    }

    /** Records the task's stream time for each record the contract check forwards. */
    private static final class StreamTimeProbe implements Processor<Object, Object, Void, Void> {
        private final List<Long> seen;
        private ProcessorContext<Void, Void> context;

        StreamTimeProbe(List<Long> seen) {
            this.seen = seen;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
        }

        @Override
        public void process(Record<Object, Object> record) {
            seen.add(context.currentStreamTimeMs());
        }
    }
}
