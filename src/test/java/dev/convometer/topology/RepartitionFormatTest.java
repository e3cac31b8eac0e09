package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.InputEvent;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.Referral;
import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.serde.AvroSerde;
import dev.convometer.topology.serde.SchemaRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compact value format of the internal pair repartition topic, and what it does with records it cannot read. */
class RepartitionFormatTest {
    private static final String TOPIC = "convo-meter-pair-repartition";
    private static final String SCOPE = "repartition-format-test";
    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final long T = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    private final SchemaRegistry registry = SchemaRegistry.forUrl("mock://" + SCOPE);
    private final Serde<TrafficEvent> serde = RepartitionFormat.serde(new AvroSerde<>(InputEvent.class, registry, false).deserializer());

    @AfterEach
    void dropRegistry() {
        SchemaRegistry.dropMockScope(SCOPE);
    }

    private static List<TrafficEvent> everyKindAndFieldCombination() {
        List<TrafficEvent> events = new ArrayList<>();
        Pair unicode = new Pair("b\u00e9-\uD83D\uDE00", "c|\u0000|" + "x".repeat(300));
        Pair huge = new Pair("b".repeat(128), "c".repeat(1 << 20)); // lengths just past the varint's one-byte limit, and far beyond
        for (Pair pair : List.of(PAIR, unicode, huge)) {
            for (long time : new long[] {0, T, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()}) {
                events.add(CustomerMessage.inbound("in-1", pair, time, false));
                events.add(CustomerMessage.inbound("in-\u00fc", pair, time, true));
                events.add(CustomerMessage.adClick("ad-1", pair, time));
                for (DeliveryStatus status : DeliveryStatus.values()) {
                    events.add(new BusinessMessage("ff-" + status, pair, time, MessageType.FREE_FORM, null, status));
                    for (Category category : List.of(Category.MARKETING, Category.UTILITY, Category.AUTHENTICATION)) {
                        events.add(new BusinessMessage("tpl-" + category + status, pair, time, MessageType.TEMPLATE, category, status));
                    }
                }
            }
        }
        return events;
    }

    @Test
    void shouldReadBackEveryEventKindAndFieldCombinationWhenWrittenInTheCompactFormat() {
        List<TrafficEvent> events = everyKindAndFieldCombination();
        assertThat(events).hasSize(3 * 3 * (3 + 4 * 4));
        for (TrafficEvent event : events) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event);
            assertThat(bytes[0]).isEqualTo(RepartitionFormat.VERSION);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
        }
    }

    @Test
    void shouldWriteStableCodesNotOrdinalsWhenEncodingABusinessMessage() {
        byte[] bytes = RepartitionFormat.encode(new BusinessMessage("o", PAIR, T, MessageType.TEMPLATE, Category.UTILITY, DeliveryStatus.READ));
        assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(1, 'O');
        assertThat(Arrays.copyOfRange(bytes, 10, 13)).containsExactly('T', 'U', 'R');
        assertThat(bytes).hasSize(1 + 1 + 8 + 3 + 1 + 1 + 1 + 8 + 1 + 12);
        assertThat(bytes[13]).isEqualTo((byte) 1);
    }

    @Test
    void shouldStopRatherThanDeadLetterWhenTheVersionByteIsUnknown() {
        byte[] bytes = RepartitionFormat.encode(CustomerMessage.adClick("ad-1", PAIR, T));
        bytes[0] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(RepartitionFormat.UnknownVersionException.class)
                .hasMessageContaining("format version 2");
        assertThat(UnreadableRecordHandler.unknownRepartitionFormat(new SerializationException("wrapped",
                new RepartitionFormat.UnknownVersionException("x")))).isTrue();
    }

    @Test
    void shouldStopRatherThanDeadLetterWhenARecordIsTruncatedOrHasAnUnknownCode() {
        byte[] bytes = RepartitionFormat.encode(CustomerMessage.inbound("in-1", PAIR, T, false));
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(RepartitionFormat.UnknownVersionException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(RepartitionFormat.UnknownVersionException.class);
        bytes[1] = 'Z';
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(RepartitionFormat.UnknownVersionException.class)
                .hasMessageContaining("event kind");
    }

    @Test
    void shouldDeadLetterNotStopWhenAnInputRecordIsUnreadable() {
        assertThat(UnreadableRecordHandler.unknownRepartitionFormat(new SerializationException("Unknown magic byte 0x7b"))).isFalse();
    }

    @Test
    void shouldBillAvroRecordsWhenAnEarlierReleaseLeftThemInTheRepartitionTopic() {
        AvroSerde<InputEvent> earlier = new AvroSerde<>(InputEvent.class, registry, false);
        InboundMessage inbound = InboundMessage.newBuilder().setEventId("in-1").setBusinessId(PAIR.businessId())
                .setCustomerId(PAIR.customerId()).setTimestamp(Instant.ofEpochMilli(T))
                .setReferral(Referral.newBuilder().setSourceType("ad").setSourceId("s").setCtwaClid("c").build()).build();
        AdClick click = AdClick.newBuilder().setEventId("ad-1").setBusinessId(PAIR.businessId()).setCustomerId(PAIR.customerId())
                .setTimestamp(Instant.ofEpochMilli(T)).build();
        OutboundSend send = OutboundSend.newBuilder().setEventId("out-1").setBusinessId(PAIR.businessId()).setCustomerId(PAIR.customerId())
                .setTimestamp(Instant.ofEpochMilli(T)).setMessageType(dev.convometer.avro.MessageType.template)
                .setCategory(dev.convometer.avro.TemplateCategory.utility).setStatus(dev.convometer.avro.DeliveryStatus.failed).build();

        assertThat(serde.deserializer().deserialize(TOPIC, earlier.serializer().serialize(TOPIC, new InputEvent(inbound))))
                .isEqualTo(CustomerMessage.inbound("in-1", PAIR, T, true));
        assertThat(serde.deserializer().deserialize(TOPIC, earlier.serializer().serialize(TOPIC, new InputEvent(click))))
                .isEqualTo(new CustomerMessage(EventKind.AD_CLICK, "ad-1", PAIR, T, true));
        assertThat(serde.deserializer().deserialize(TOPIC, earlier.serializer().serialize(TOPIC, new InputEvent(send))))
                .isEqualTo(new BusinessMessage("out-1", PAIR, T, MessageType.TEMPLATE, Category.UTILITY, DeliveryStatus.FAILED));
    }
}
