package dev.convometer.topology.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serde in the Confluent wire format: magic byte 0, the 4-byte big-endian schema id, then
 * Avro binary. Subjects follow TopicNameStrategy ({@code topic-key} / {@code topic-value}). Reads
 * resolve the writer's schema against the generated class's, so schema evolution works; a writer schema of another
 * record (another topic's event, which Avro would resolve field by field into this type) is refused.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte MAGIC_BYTE = 0x0;
    private static final int HEADER_SIZE = 5;

    static {
        // Avro 1.12 only instantiates generated classes it trusts, normally named by
        // -Dorg.apache.avro.SERIALIZABLE_PACKAGES; trust ours so the jar runs without that flag.
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(
                        ClassSecurityValidator.getGlobal(), c -> c.getName().startsWith("dev.convometer.")));
    }

    /** Avro encoders and decoders are not thread-safe, and stream threads share serde instances. */
    private static final class Scratch {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    private final SchemaRegistry registry;
    private final String subjectSuffix;
    // Datum readers and writers are thread-safe; building them (schema resolution) is what costs.
    private final SpecificDatumWriter<T> writer;
    // Asked before the registry cache, so a record costs one map lookup: no subject string to build.
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, Decoding<T>> decodingById = new ConcurrentHashMap<>();
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer = this::deserialize;

    /** Writes a value as the Avro binary of a record of {@code T}: its fields in the order of {@code T}'s schema. */
    @FunctionalInterface
    public interface Body<V> {
        void write(V value, Encoder out) throws IOException;
    }

    /** How records written with one schema id are read: a reader, or the reason they cannot be read as {@code T}. */
    private record Decoding<T>(DatumReader<T> reader, String refusal) {
    }

    public AvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this.type = type;
        // The class's own model carries its logical-type conversions (timestamp-millis as Instant).
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.registry = registry;
        this.subjectSuffix = isKey ? "-key" : "-value";
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.serializer = serializer(writer::write);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /**
     * Serializes values that are not records of {@code T} as if they were: the same wire format and schema id as
     * {@link #serializer()}, the Avro binary written by {@code body} without building a record.
     */
    public <V> Serializer<V> serializer(Body<V> body) {
        return (topic, value) -> serialize(topic, value, body);
    }

    private <V> byte[] serialize(String topic, V record, Body<V> body) {
        if (record == null) {
            return null;
        }
        Integer known = idByTopic.get(topic);
        // the registry is asked outside the map's lock: a slow registry must not block lookups of other topics
        int id = known != null ? known : idByTopic.merge(topic, register(topic), (first, again) -> first);
        Scratch scratch = SCRATCH.get();
        ByteArrayOutputStream out = scratch.out;
        out.reset();
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            // buffered: a direct encoder writes the stream byte by byte, each write taking the stream's lock
            if (scratch.encoder == null) {
                scratch.encoder = EncoderFactory.get().binaryEncoder(out, null);
            }
            body.write(record, scratch.encoder);
            scratch.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // the encoder may hold part of this record: the next one starts with a new encoder
            scratch.encoder = null;
            throw new SerializationException(
                    "Could not encode " + type.getSimpleName() + " for topic " + topic + ": " + e, e);
        }
        return out.toByteArray();
    }

    private int register(String topic) {
        String subject = topic + subjectSuffix;
        try {
            return registry.register(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Could not register schema " + schema.getFullName() + " under subject " + subject + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0 || data[0] != MAGIC_BYTE) {
            throw new SerializationException(
                    (data.length == 0 ? "Empty record" : String.format("Unknown magic byte 0x%02x", data[0]))
                            + " on topic " + topic + " (not in the Confluent wire format)");
        }
        if (data.length < HEADER_SIZE) {
            throw new SerializationException(
                    "Record of " + data.length + " bytes on topic " + topic
                            + " is shorter than the Confluent wire format header"
                            + " (magic byte + 4-byte schema id)");
        }
        int id =
                (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
        Decoding<T> decoding = decodingById.get(id);
        if (decoding == null) {
            // the registry is asked outside the map's lock: a slow registry must not block other schema ids
            Decoding<T> fetched = decoding(id);
            Decoding<T> first = decodingById.putIfAbsent(id, fetched);
            decoding = first != null ? first : fetched;
        }
        if (decoding.refusal() != null) {
            throw new SerializationException(decoding.refusal() + " on topic " + topic);
        }
        Scratch scratch = SCRATCH.get();
        try {
            scratch.decoder =
                    DecoderFactory.get()
                            .binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, scratch.decoder);
            return decoding.reader().read(null, scratch.decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Could not decode " + type.getSimpleName() + " on topic " + topic
                            + " written with schema id " + id + ": " + e,
                    e);
        }
    }

    private Decoding<T> decoding(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Could not fetch writer schema id " + id + " for " + type.getSimpleName() + ": "
                            + e.getMessage(),
                    e);
        }
        if (!writerSchema.getFullName().equals(schema.getFullName())) {
            // Avro would fill this type from any record with matching field names (an OutboundSend as an AdClick)
            return new Decoding<>(null, "Record written with schema id " + id + " of " + writerSchema.getFullName()
                    + ", not " + schema.getFullName());
        }
        return new Decoding<>(new SpecificDatumReader<>(writerSchema, schema, model), null);
    }
}
