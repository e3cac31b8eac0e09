package dev.convometer.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.ConversationCategory;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.DeliveryStatus;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String SCOPE = "avro-serde-test";
    private static final String TOPIC = "outbound-sends";

    private final SchemaRegistry registry = SchemaRegistry.forUrl("mock://" + SCOPE);
    private final AvroSerde<OutboundSend> serde =
            new AvroSerde<>(OutboundSend.class, registry, false);

    @AfterEach
    void dropScope() {
        SchemaRegistry.dropMockScope(SCOPE);
    }

    @Test
    void shouldRoundTripOutboundSendInConfluentWireFormat() {
        OutboundSend send = outboundSend("e-1");

        byte[] bytes = serde.serializer().serialize(TOPIC, send);

        int id = registry.register(TOPIC + "-value", OutboundSend.getClassSchema());
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(send);
    }

    @Test
    void shouldRoundTripConversationOpened() {
        AvroSerde<ConversationOpened> opened =
                new AvroSerde<>(ConversationOpened.class, registry, false);
        ConversationOpened conversation =
                ConversationOpened.newBuilder()
                        .setConversationId("c-1")
                        .setBusinessId("b-1")
                        .setCustomerId("u-1")
                        .setCategory(ConversationCategory.free_entry_point)
                        .setOpenedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                        .setExpiresAt(Instant.ofEpochMilli(1_700_259_200_000L))
                        .setBillable(false)
                        .setOpenedBy("e-1")
                        .setRule("R4")
                        .build();

        byte[] bytes = opened.serializer().serialize("conversations", conversation);

        int id = registry.register("conversations-value", ConversationOpened.getClassSchema());
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(opened.deserializer().deserialize("conversations", bytes)).isEqualTo(conversation);
    }

    @Test
    void shouldWriteTheNextRecordWholeWhenOneFailedHalfWritten() {
        OutboundSend broken = outboundSend("e-broken");
        // its ids and timestamp are encoded before the missing message type stops it
        broken.setMessageType(null);
        OutboundSend next = outboundSend("e-2");

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Could not encode OutboundSend");
        byte[] bytes = serde.serializer().serialize(TOPIC, next);

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(next);
        assertThat(bytes).isEqualTo(serde.serializer().serialize(TOPIC, next));
    }

    @Test
    void shouldRegisterOnceUnderTopicKeySubjectForKeySerde() {
        List<String> subjects = new CopyOnWriteArrayList<>();
        SchemaRegistry recording =
                new SchemaRegistry() {
                    @Override
                    public int register(String subject, Schema schema) {
                        subjects.add(subject);
                        return registry.register(subject, schema);
                    }

                    @Override
                    public Schema schemaById(int id) {
                        return registry.schemaById(id);
                    }
                };
        AvroSerde<OutboundSend> keySerde = new AvroSerde<>(OutboundSend.class, recording, true);

        keySerde.serializer().serialize("pairs", outboundSend("e-1"));
        keySerde.serializer().serialize("pairs", outboundSend("e-2"));
        keySerde.serializer().serialize("other", outboundSend("e-3"));

        assertThat(subjects).containsExactly("pairs-key", "other-key");
    }

    @Test
    void shouldMapNullToNullBothWays() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRejectBytesNotInWireFormat() {
        byte[] jsonLine = "{\"event_id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, jsonLine))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b")
                .hasMessageContaining("not in the Confluent wire format");
    }

    @Test
    void shouldRejectInputShorterThanHeader() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes")
                .hasMessageContaining("shorter than the Confluent wire format header");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Empty record");
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        byte[] bytes = {0, 0, 0, 0x03, (byte) 0xe7, 2, 'x'};

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 999")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void shouldRefuseOutboundSendWhenReadAsAdClick() {
        byte[] send = serde.serializer().serialize("ad-click", outboundSend("e-1"));
        AvroSerde<AdClick> adClick = new AvroSerde<>(AdClick.class, registry, false);

        assertThatThrownBy(() -> adClick.deserializer().deserialize("ad-click", send))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.convometer.avro.OutboundSend, not dev.convometer.avro.AdClick on topic ad-click")
                .hasNoCause();
    }

    @Test
    void shouldRefuseAdClickWhenReadAsInboundMessage() {
        AdClick click = new AdClick("e-1", "b-1", "u-1", Instant.ofEpochMilli(1_700_000_000_000L), "ad-1", null, "ad");
        byte[] bytes = new AvroSerde<>(AdClick.class, registry, false).serializer().serialize("inbound-message", click);
        AvroSerde<InboundMessage> inbound = new AvroSerde<>(InboundMessage.class, registry, false);

        assertThatThrownBy(() -> inbound.deserializer().deserialize("inbound-message", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.convometer.avro.AdClick, not dev.convometer.avro.InboundMessage");
    }

    @Test
    void shouldAskRegistryOnceWhenManyRecordsCarryAnotherRecordsSchema() {
        List<Integer> fetched = new CopyOnWriteArrayList<>();
        SchemaRegistry counting = new SchemaRegistry() {
            @Override
            public int register(String subject, Schema schema) {
                return registry.register(subject, schema);
            }

            @Override
            public Schema schemaById(int id) {
                fetched.add(id);
                return registry.schemaById(id);
            }
        };
        byte[] send = serde.serializer().serialize("ad-click", outboundSend("e-1"));
        AvroSerde<AdClick> adClick = new AvroSerde<>(AdClick.class, counting, false);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> adClick.deserializer().deserialize("ad-click", send)).isInstanceOf(SerializationException.class);
        }
        assertThat(fetched).hasSize(1);
    }

    @Test
    void shouldRejectTruncatedAvroBody() {
        byte[] bytes = serde.serializer().serialize(TOPIC, outboundSend("e-1"));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Could not decode OutboundSend on topic " + TOPIC);
    }

    @Test
    void shouldReadUnknownEnumSymbolsFromNewerWriterAsReaderDefault() throws Exception {
        String readerJson = OutboundSend.getClassSchema().toString();
        String writerJson =
                readerJson
                        .replace("\"free_form\"]", "\"free_form\",\"interactive\"]")
                        .replace("\"failed\"]", "\"failed\",\"deleted\"]");
        assertThat(writerJson).contains("\"interactive\"", "\"deleted\"");
        Schema writerSchema = SchemaParser.parseSingle(writerJson);
        Schema messageType = writerSchema.getField("message_type").schema();
        Schema status = writerSchema.getField("status").schema().getTypes().get(1);
        GenericRecord newer =
                new GenericRecordBuilder(writerSchema)
                        .set("event_id", "e-9")
                        .set("business_id", "b-1")
                        .set("customer_id", "u-1")
                        .set("timestamp", 1_700_000_000_000L)
                        .set("message_type", new GenericData.EnumSymbol(messageType, "interactive"))
                        .set("category", null)
                        .set("status", new GenericData.EnumSymbol(status, "deleted"))
                        .build();
        int writerId = registry.register(TOPIC + "-value", writerSchema);

        OutboundSend read = serde.deserializer().deserialize(TOPIC, wireFormat(writerId, newer));

        assertThat(read.getEventId()).isEqualTo("e-9");
        assertThat(read.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getMessageType()).isEqualTo(MessageType.UNKNOWN);
        assertThat(read.getCategory()).isNull();
        assertThat(read.getStatus()).isEqualTo(DeliveryStatus.UNKNOWN);
    }

    @Test
    void shouldRoundTripFromSeveralThreadsSharingOneSerde() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<OutboundSend>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String prefix = "thread-" + t + "-".repeat(t * 7);
                results.add(
                        pool.submit(
                                () -> {
                                    List<OutboundSend> mismatches = new ArrayList<>();
                                    for (int i = 0; i < 2_000; i++) {
                                        OutboundSend send = outboundSend(prefix + i);
                                        byte[] bytes = serde.serializer().serialize(TOPIC, send);
                                        if (!send.equals(serde.deserializer().deserialize(TOPIC, bytes))) {
                                            mismatches.add(send);
                                        }
                                    }
                                    return mismatches;
                                }));
            }
            for (Future<List<OutboundSend>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static OutboundSend outboundSend(String eventId) {
        return OutboundSend.newBuilder()
                .setEventId(eventId)
                .setBusinessId("b-1")
                .setCustomerId("u-1")
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMessageType(MessageType.template)
                .setCategory(TemplateCategory.utility)
                .setStatus(DeliveryStatus.read)
                .build();
    }

    private static byte[] wireFormat(int schemaId, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
