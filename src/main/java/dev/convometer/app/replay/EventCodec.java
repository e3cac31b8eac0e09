package dev.convometer.app.replay;

import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.avro.AdClick;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.OutboundSend;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.AvroEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A checked event in a few bytes, for the runs of {@link OOrderSort}: its kind, then its input record in Avro binary
 * (no schema id: both ends are this class). Reading it back gives the record the line was read into, so the event is
 * not parsed from JSON twice. Not thread-safe (one encoder and decoder reused).
 */
final class EventCodec {
    private static final EventKind[] KINDS = EventKind.values();

    private final Map<EventKind, SpecificDatumWriter<SpecificRecord>> writers = new EnumMap<>(EventKind.class);
    private final Map<EventKind, SpecificDatumReader<SpecificRecord>> readers = new EnumMap<>(EventKind.class);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    EventCodec() {
        register(EventKind.INBOUND_MESSAGE, InboundMessage.class);
        register(EventKind.AD_CLICK, AdClick.class);
        register(EventKind.OUTBOUND_SEND, OutboundSend.class);
    }

    private void register(EventKind kind, Class<? extends SpecificRecord> type) {
        SpecificData model = SpecificData.getForClass(type); // carries timestamp-millis as Instant
        Schema schema = model.getSchema(type);
        writers.put(kind, new SpecificDatumWriter<>(schema, model));
        readers.put(kind, new SpecificDatumReader<>(schema, schema, model));
    }

    byte[] encode(TrafficLine event) {
        out.reset();
        out.write(event.kind().ordinal());
        try {
            encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            writers.get(event.kind()).write(event.record(), encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    TrafficLine decode(byte[] bytes, int length) {
        EventKind kind = KINDS[bytes[0]];
        try {
            decoder = DecoderFactory.get().binaryDecoder(bytes, 1, length - 1, decoder);
            SpecificRecord record = readers.get(kind).read(null, decoder);
            TrafficEvent checked = AvroEvents.toDomain(record);
            return new TrafficLine(kind, checked.timestamp(), record, checked.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
