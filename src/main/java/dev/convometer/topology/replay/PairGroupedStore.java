package dev.convometer.topology.replay;

import dev.convometer.topology.PairHistory;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An in-memory store for keys that start with a pair, both ids length-prefixed ({@link PairHistory#prefix}), for
 * {@link ReplayTask}'s pair history: a hash map from the pair to a small sorted map of that pair's keys. A prefix
 * scan of one pair (what the history does) reads one small map; a put finds its pair by hash and then compares only
 * within it, where one tree of every key would compare long shared prefixes down a deep tree for each put (the
 * most costly part of replay in a profile). Keys are in unsigned byte order, as in Kafka Streams' stores, within a
 * pair; {@link #range}, {@link #all} and other prefixes scan and sort everything (correct, but not for hot paths).
 */
final class PairGroupedStore extends ReplayStore<Bytes, byte[]> {
    private final Map<Bytes, TreeMap<Bytes, byte[]>> pairs = new HashMap<>();
    private long size;

    PairGroupedStore(String name) {
        super(name);
    }

    /** The pair the key starts with; the whole key when it does not start with a length-prefixed pair. */
    private static Bytes pairOf(byte[] key) {
        int end = pairEnd(key);
        return Bytes.wrap(end == key.length ? key : java.util.Arrays.copyOf(key, end));
    }

    /** The length of the length-prefixed pair the key starts with; the key's length when it does not start with one. */
    private static int pairEnd(byte[] key) {
        if (key.length < 8) {
            return key.length;
        }
        ByteBuffer buffer = ByteBuffer.wrap(key);
        int business = buffer.getInt(0);
        if (business < 0 || business > key.length - 8) {
            return key.length;
        }
        int customer = buffer.getInt(4 + business);
        if (customer < 0 || customer > key.length - 8 - business) {
            return key.length;
        }
        return 8 + business + customer;
    }

    @Override
    public byte[] get(Bytes key) {
        TreeMap<Bytes, byte[]> pair = pairs.get(pairOf(key.get()));
        return pair == null ? null : pair.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        if (value == null) {
            delete(key);
            return;
        }
        if (pairs.computeIfAbsent(pairOf(key.get()), p -> new TreeMap<>()).put(key, value) == null) {
            size++;
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        Bytes pairKey = pairOf(key.get());
        TreeMap<Bytes, byte[]> pair = pairs.get(pairKey);
        if (pair == null) {
            return null;
        }
        byte[] old = pair.remove(key);
        if (old != null) {
            size--;
            if (pair.isEmpty()) {
                pairs.remove(pairKey);
            }
        }
        return old;
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] bytes = prefixKeySerializer.serialize(name(), prefix);
        if (pairEnd(bytes) == bytes.length) { // one whole pair (or a key that has none): its own map
            TreeMap<Bytes, byte[]> pair = pairs.get(Bytes.wrap(bytes));
            return copy(pair == null ? Map.of() : pair);
        }
        TreeMap<Bytes, byte[]> matching = new TreeMap<>();
        pairs.values().forEach(pair -> pair.forEach((key, value) -> {
            if (startsWith(key.get(), bytes)) {
                matching.put(key, value);
            }
        }));
        return copy(matching);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        TreeMap<Bytes, byte[]> matching = new TreeMap<>();
        pairs.values().forEach(pair -> pair.forEach((key, value) -> {
            if ((from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)) {
                matching.put(key, value);
            }
        }));
        return copy(matching);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return range(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return size;
    }

    @Override
    public void close() {
        pairs.clear();
        size = 0;
    }

    @Override
    public boolean persistent() {
        return false;
    }
}
