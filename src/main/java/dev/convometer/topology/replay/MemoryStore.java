package dev.convometer.topology.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The plainest key-value store, for {@link ReplayTask}: a {@link HashMap} for stores only read by key, a
 * {@link TreeMap} (unsigned byte order of keys, as Kafka Streams' stores) for those that are range- or prefix-scanned.
 * No caching: the state lives as long as one replay.
 */
final class MemoryStore<K extends Comparable<K>, V> extends ReplayStore<K, V> {
    private final Map<K, V> map;

    private MemoryStore(String name, Map<K, V> map) {
        super(name);
        this.map = map;
    }

    /** Point reads and writes only: scans are refused. */
    static <K extends Comparable<K>, V> MemoryStore<K, V> pointOnly(String name) {
        return new MemoryStore<K, V>(name, new HashMap<K, V>());
    }

    /** Ordered by key, for range and prefix scans. */
    static <K extends Comparable<K>, V> MemoryStore<K, V> sorted(String name) {
        return new MemoryStore<K, V>(name, new TreeMap<K, V>());
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public V delete(K key) {
        return map.remove(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        NavigableMap<K, V> sorted = sorted();
        if (from == null && to == null) {
            return copy(sorted);
        }
        if (from == null) {
            return copy(sorted.headMap(to, true));
        }
        if (to == null) {
            return copy(sorted.tailMap(from, true));
        }
        return from.compareTo(to) > 0 ? copy(Map.of()) : copy(sorted.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return copy(map);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] bytes = prefixKeySerializer.serialize(name(), prefix);
        NavigableMap<K, V> sorted = sorted();
        List<KeyValue<K, V>> entries = new ArrayList<>();
        for (Map.Entry<K, V> entry : sorted.tailMap(fromPrefix(bytes), true).entrySet()) {
            if (!startsWith(((Bytes) entry.getKey()).get(), bytes)) {
                break;
            }
            entries.add(KeyValue.pair(entry.getKey(), entry.getValue()));
        }
        return iterator(entries);
    }

    @SuppressWarnings("unchecked")
    private K fromPrefix(byte[] prefix) {
        return (K) Bytes.wrap(prefix); // prefix scans are on Bytes keys, as in Kafka Streams' own stores
    }

    private NavigableMap<K, V> sorted() {
        if (map instanceof NavigableMap<K, V> sorted) {
            return sorted;
        }
        throw new UnsupportedOperationException("store " + name() + " is built for point reads only: scan it through a sorted store");
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void close() {
        map.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }
}
