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
 * The {@code pair-history} store: every accepted event of a pair that a correction or deduplication may still need,
 * each with whether it was applied or dropped as a duplicate (a late copy can turn either into the other). One record
 * per event of a pair and its copies: the key is the pair (both ids length-prefixed, so one pair's keys are never a
 * prefix of another's), kind and event_id (length-prefixed), so one prefix scan reads a pair's history and one read
 * finds an event's copies (D-DEDUP: the copy applied last deduplicates, so no second store has to be kept for it). The
 * value is the copies, oldest first: time, applied, then what billing reads of the event ({@link StoredCodes}).
 */
public final class PairHistory {
    /** A stored event and whether it counts (true) or was a duplicate. */
    record Entry(TrafficEvent event, boolean applied) {
    }

    /** The copies kept of one event of a pair (same kind and event_id), oldest first, and the key they are kept under. */
    record Copies(Bytes key, List<Entry> entries) {
        /** When the copy applied last happened; null when no applied copy is kept. */
        Long lastApplied() {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).applied()) {
                    return entries.get(i).event().timestamp();
                }
            }
            return null;
        }

        boolean contains(TrafficEvent event) {
            return entries.stream().anyMatch(entry -> entry.event().timestamp() == event.timestamp());
        }

        /** These copies with {@code event} in its place in time order, replacing a copy at the same time. */
        Copies with(TrafficEvent event, boolean applied) {
            List<Entry> next = new ArrayList<>(entries.size() + 1);
            int at = 0;
            while (at < entries.size() && entries.get(at).event().timestamp() < event.timestamp()) {
                next.add(entries.get(at++));
            }
            next.add(new Entry(event, applied));
            if (at < entries.size() && entries.get(at).event().timestamp() == event.timestamp()) {
                at++;
            }
            next.addAll(entries.subList(at, entries.size()));
            return new Copies(key, next);
        }

        Copies without(TrafficEvent event) {
            return new Copies(key, entries.stream().filter(entry -> entry.event().timestamp() != event.timestamp()).toList());
        }
    }

    private static final BytesSerializer PREFIX_SERIALIZER = new BytesSerializer();

    private final KeyValueStore<Bytes, byte[]> store;

    PairHistory(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The copies kept of {@code event} (itself included, if kept): one read. */
    Copies copiesOf(TrafficEvent event) {
        Bytes key = key(event);
        byte[] stored = store.get(key);
        return new Copies(key, stored == null ? List.of() : decode(event.pair(), event.kind(), event.eventId(), stored));
    }

    /** The copies kept of {@code event}: no read when the pair's filter says the history holds none. */
    Copies copiesOf(TrafficEvent event, HistoryFilter kept) {
        return kept.mightContain(event) ? copiesOf(event) : new Copies(key(event), List.of());
    }

    /** Writes {@code copies}: none left deletes the record. */
    void put(Copies copies) {
        if (copies.entries().isEmpty()) {
            store.delete(copies.key());
        } else {
            store.put(copies.key(), encode(copies.entries()));
        }
    }

    void put(TrafficEvent event, boolean applied) {
        put(copiesOf(event).with(event, applied));
    }

    boolean contains(TrafficEvent event, HistoryFilter kept) {
        return copiesOf(event, kept).contains(event);
    }

    void delete(TrafficEvent event) {
        put(copiesOf(event).without(event));
    }

    /** The pair's stored events, in store order (not O-ORDER: sort them). */
    List<Entry> read(Pair pair) {
        List<Entry> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> stored = store.prefixScan(Bytes.wrap(prefix(pair)), PREFIX_SERIALIZER)) {
            while (stored.hasNext()) {
                KeyValue<Bytes, byte[]> record = stored.next();
                ByteBuffer key = ByteBuffer.wrap(record.key.get());
                key.position(key.getInt(0) + 4);
                key.position(key.getInt() + key.position());
                EventKind kind = StoredCodes.kind(key.get());
                int idLength = key.getInt();
                String eventId = new String(record.key.get(), key.position(), idLength, StandardCharsets.UTF_8);
                entries.addAll(decode(pair, kind, eventId, record.value));
            }
        }
        return entries;
    }

    public static byte[] prefix(Pair pair) {
        byte[] business = pair.businessId().getBytes(StandardCharsets.UTF_8);
        byte[] customer = pair.customerId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + business.length + customer.length)
                .putInt(business.length).put(business).putInt(customer.length).put(customer).array();
    }

    private static Bytes key(TrafficEvent event) {
        byte[] prefix = prefix(event.pair());
        byte[] id = event.eventId().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + 5 + id.length).put(prefix).put(StoredCodes.of(event.kind()))
                .putInt(id.length).put(id).array());
    }

    /** Per copy: 8 bytes of time, then 1 byte of applied and what billing reads of it (1 byte for a customer's event, 3 for a business message). */
    private static int copySize(EventKind kind) {
        return 8 + 1 + (kind == EventKind.OUTBOUND_SEND ? 3 : 1);
    }

    private static byte[] encode(List<Entry> copies) {
        ByteBuffer buffer = ByteBuffer.allocate(copies.size() * copySize(copies.get(0).event().kind()));
        for (Entry copy : copies) {
            buffer.putLong(copy.event().timestamp()).put((byte) (copy.applied() ? 1 : 0));
            if (copy.event() instanceof CustomerMessage message) {
                buffer.put((byte) (message.entryPoint() ? 1 : 0));
            } else {
                BusinessMessage message = (BusinessMessage) copy.event();
                buffer.put(message.type() == MessageType.TEMPLATE ? (byte) 'T' : (byte) 'F')
                        .put(StoredCodes.of(message.category())).put(StoredCodes.of(message.status()));
            }
        }
        return buffer.array();
    }

    private static List<Entry> decode(Pair pair, EventKind kind, String eventId, byte[] value) {
        int size = copySize(kind);
        if (value.length == 0 || value.length % size != 0) {
            throw new IllegalStateException("unreadable pair history of " + pair + ": " + value.length + " bytes for " + kind + " copies of " + size);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        List<Entry> copies = new ArrayList<>(value.length / size);
        while (buffer.hasRemaining()) {
            long timestamp = buffer.getLong();
            boolean applied = buffer.get() == 1;
            TrafficEvent event = kind == EventKind.OUTBOUND_SEND
                    ? new BusinessMessage(eventId, pair, timestamp, buffer.get() == 'T' ? MessageType.TEMPLATE : MessageType.FREE_FORM,
                            StoredCodes.category(buffer.get()), StoredCodes.status(buffer.get()))
                    : new CustomerMessage(kind, eventId, pair, timestamp, buffer.get() == 1);
            copies.add(new Entry(event, applied));
        }
        return copies;
    }
}
