package dev.convometer.topology;

import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@code pair-history} store: every accepted event of a pair that a correction may still need, each with whether
 * it was applied or dropped as a duplicate (a late copy can turn either into the other). Key: the pair (both ids
 * length-prefixed, so one pair's keys are never a prefix of another's), event time, kind, event_id; so one prefix
 * scan reads a pair's history. Value: applied, then what billing reads of the event ({@link StoredCodes}).
 */
final class PairHistory {
    /** A stored event and whether it counts (true) or was a duplicate. */
    record Entry(TrafficEvent event, boolean applied) {
    }

    private static final BytesSerializer PREFIX_SERIALIZER = new BytesSerializer();

    private final KeyValueStore<Bytes, byte[]> store;

    PairHistory(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    void put(TrafficEvent event, boolean applied) {
        store.put(key(event), value(event, applied));
    }

    boolean contains(TrafficEvent event) {
        return store.get(key(event)) != null;
    }

    void delete(TrafficEvent event) {
        store.delete(key(event));
    }

    /** The pair's stored events, in store order (not O-ORDER: sort them). */
    List<Entry> read(Pair pair) {
        List<Entry> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> stored = store.prefixScan(Bytes.wrap(prefix(pair)), PREFIX_SERIALIZER)) {
            while (stored.hasNext()) {
                KeyValue<Bytes, byte[]> entry = stored.next();
                entries.add(decode(entry.key.get(), entry.value));
            }
        }
        return entries;
    }

    static byte[] prefix(Pair pair) {
        byte[] business = pair.businessId().getBytes(StandardCharsets.UTF_8);
        byte[] customer = pair.customerId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + business.length + customer.length)
                .putInt(business.length).put(business).putInt(customer.length).put(customer).array();
    }

    private static Bytes key(TrafficEvent event) {
        byte[] prefix = prefix(event.pair());
        byte[] id = event.eventId().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 9 + id.length).put(prefix)
                .putLong(event.timestamp() ^ Long.MIN_VALUE).put(StoredCodes.of(event.kind())).put(id).array());
    }

    private static byte[] value(TrafficEvent event, boolean applied) {
        byte flag = (byte) (applied ? 1 : 0);
        if (event instanceof CustomerMessage message) {
            return new byte[] {flag, (byte) (message.entryPoint() ? 1 : 0)};
        }
        BusinessMessage message = (BusinessMessage) event;
        return new byte[] {flag, message.type() == MessageType.TEMPLATE ? (byte) 'T' : (byte) 'F',
                StoredCodes.of(message.category()), StoredCodes.of(message.status())};
    }

    private static Entry decode(byte[] key, byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        byte[] business = new byte[buffer.getInt()];
        buffer.get(business);
        byte[] customer = new byte[buffer.getInt()];
        buffer.get(customer);
        Pair pair = new Pair(new String(business, StandardCharsets.UTF_8), new String(customer, StandardCharsets.UTF_8));
        long timestamp = buffer.getLong() ^ Long.MIN_VALUE;
        EventKind kind = StoredCodes.kind(buffer.get());
        String eventId = new String(key, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
        boolean applied = value[0] == 1;
        TrafficEvent event = kind == EventKind.OUTBOUND_SEND
                ? new BusinessMessage(eventId, pair, timestamp, value[1] == 'T' ? MessageType.TEMPLATE : MessageType.FREE_FORM,
                        StoredCodes.category(value[2]), StoredCodes.status(value[3]))
                : new CustomerMessage(kind, eventId, pair, timestamp, value[1] == 1);
        return new Entry(event, applied);
    }
}
