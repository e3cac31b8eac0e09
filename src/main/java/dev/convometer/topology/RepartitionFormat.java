package dev.convometer.topology;

import dev.convometer.avro.InputEvent;
import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value format of the internal {@code pair} repartition topic: a checked domain event, in a compact binary form
 * that only this service reads (it is not a public contract, so no schema registry is involved).
 *
 * <p>Version 1: the version byte {@code 1}; the kind ({@link StoredCodes}: {@code I}, {@code A}, {@code O}); the event
 * time (8 bytes, big-endian epoch ms); for a customer-side event one byte, 1 when it is an entry point; for a business
 * message the message type ({@code T} or {@code F}), the category code (0 for none) and the status code; then
 * event_id, business_id and customer_id, each its UTF-8 length as an unsigned varint (7 bits a byte, low first: one
 * byte below 128) and UTF-8. Fixed letters, never enum ordinals, like the stores.
 *
 * <p>Reading:
 * <ul>
 *   <li>version 1: as above;</li>
 *   <li>first byte 0 (the Confluent wire format's magic byte): an {@code InputEvent} in Avro, as releases before the
 *       compact format wrote it. During an upgrade the repartition topic can hold records the previous release
 *       committed but billing has not read yet; they are billed like any other, never turned into failures;</li>
 *   <li>any other first byte: written by a newer release (or not by this service at all). The record is an event
 *       already accepted upstream, so dead-lettering it would drop a charge: {@link UnknownVersionException} stops
 *       the task instead (see {@link UnreadableRecordHandler}), and a release that knows the version drains it.</li>
 * </ul>
 * Replay's external sort keeps the events of its sorted runs in the same form.
 */
public final class RepartitionFormat {
    static final byte VERSION = 1;
    static final byte LEGACY_AVRO = 0;
    private static final byte TEMPLATE = 'T';
    private static final byte FREE_FORM = 'F';

    /** A repartition record in a format this release cannot read: stops the task rather than drop a charge. */
    static final class UnknownVersionException extends SerializationException {
        private static final long serialVersionUID = 1L;

        UnknownVersionException(String message) {
            super(message);
        }
    }

    private RepartitionFormat() {
    }

    /**
     * @param legacy reads the Avro {@code InputEvent} records of earlier releases (magic byte 0); null: such a record
     *               is refused like an unknown version
     */
    static Serde<TrafficEvent> serde(Deserializer<InputEvent> legacy) {
        Serializer<TrafficEvent> serializer = (topic, event) -> event == null ? null : encode(event);
        Deserializer<TrafficEvent> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == LEGACY_AVRO && legacy != null) {
                return AvroEvents.toDomain(legacy.deserialize(topic, bytes).getEvent());
            }
            return decode(bytes);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static byte[] encode(TrafficEvent event) {
        byte[] id = utf8(event.eventId());
        byte[] business = utf8(event.pair().businessId());
        byte[] customer = utf8(event.pair().customerId());
        ByteBuffer buffer = ByteBuffer.allocate(1 + 1 + 8 + 3 + 3 * 5 + id.length + business.length + customer.length)
                .put(VERSION).put(StoredCodes.of(event.kind())).putLong(event.timestamp());
        if (event instanceof CustomerMessage message) {
            buffer.put((byte) (message.entryPoint() ? 1 : 0));
        } else {
            BusinessMessage message = (BusinessMessage) event;
            buffer.put(message.type() == MessageType.TEMPLATE ? TEMPLATE : FREE_FORM)
                    .put(StoredCodes.of(message.category())).put(StoredCodes.of(message.status()));
        }
        putString(buffer, id);
        putString(buffer, business);
        putString(buffer, customer);
        return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    public static TrafficEvent decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new UnknownVersionException("unreadable record on the pair repartition topic: " + (bytes.length == 0 ? "empty"
                    : "format version " + bytes[0]) + " (this release reads version " + VERSION + " and the Avro records of"
                    + " earlier releases; a record of a newer release needs that release to be billed)");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            EventKind kind = StoredCodes.kind(buffer.get());
            long timestamp = buffer.getLong();
            if (kind == EventKind.OUTBOUND_SEND) {
                byte type = buffer.get();
                byte category = buffer.get();
                byte status = buffer.get();
                String eventId = string(buffer);
                Pair pair = new Pair(string(buffer), string(buffer));
                end(buffer);
                return new BusinessMessage(eventId, pair, timestamp, messageType(type), StoredCodes.category(category),
                        StoredCodes.status(status));
            }
            boolean entryPoint = buffer.get() == 1;
            String eventId = string(buffer);
            Pair pair = new Pair(string(buffer), string(buffer));
            end(buffer);
            return new CustomerMessage(kind, eventId, pair, timestamp, entryPoint);
        } catch (RuntimeException e) {
            // a truncated record or an unknown code: written by a bug or by a newer release, never by this one
            throw new UnknownVersionException("unreadable record on the pair repartition topic (format version " + VERSION
                    + ", " + bytes.length + " bytes): " + e.getMessage());
        }
    }

    private static MessageType messageType(byte code) {
        return switch (code) {
            case TEMPLATE -> MessageType.TEMPLATE;
            case FREE_FORM -> MessageType.FREE_FORM;
            default -> throw new IllegalStateException("unknown message type code " + code);
        };
    }

    private static void putString(ByteBuffer buffer, byte[] utf8) {
        int length = utf8.length;
        while ((length & ~0x7F) != 0) {
            buffer.put((byte) ((length & 0x7F) | 0x80));
            length >>>= 7;
        }
        buffer.put((byte) length).put(utf8);
    }

    /** An unsigned varint (7 bits a byte, low first), as the internal formats write lengths. */
    static int varint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 28) {
                throw new IllegalStateException("bad varint");
            }
            byte b = buffer.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static String string(ByteBuffer buffer) {
        int length = varint(buffer);
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("bad string length " + length);
        }
        String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }

    private static void end(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException(buffer.remaining() + " bytes after the event");
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
