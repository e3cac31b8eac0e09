package dev.convometer.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The plainest key-value store, for {@link ReplayTask}: a {@link HashMap} for stores only read by key, a
 * {@link TreeMap} (unsigned byte order of keys, as Kafka Streams' stores) for those that are range- or prefix-scanned.
 * Scans copy the entries they return first, as Kafka Streams' in-memory store does, so the caller may write the store
 * while it iterates. No changelog, no caching: the state lives as long as one replay.
 */
final class MemoryStore<K extends Comparable<K>, V> implements KeyValueStore<K, V> {
    private final String name;
    private final Map<K, V> map;

    private MemoryStore(String name, Map<K, V> map) {
        this.name = name;
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
    public String name() {
        return name;
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
    public V putIfAbsent(K key, V value) {
        V old = map.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
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
        byte[] bytes = prefixKeySerializer.serialize(name, prefix);
        NavigableMap<K, V> sorted = sorted();
        List<KeyValue<K, V>> entries = new ArrayList<>();
        for (Map.Entry<K, V> entry : sorted.tailMap(fromPrefix(bytes), true).entrySet()) {
            if (!startsWith(((Bytes) entry.getKey()).get(), bytes)) {
                break;
            }
            entries.add(KeyValue.pair(entry.getKey(), entry.getValue()));
        }
        return new CopyIterator<>(entries);
    }

    /** An iterator over entries already copied out of a store. */
    static <K, V> KeyValueIterator<K, V> iterator(List<KeyValue<K, V>> entries) {
        return new CopyIterator<>(entries);
    }

    @SuppressWarnings("unchecked")
    private K fromPrefix(byte[] prefix) {
        return (K) Bytes.wrap(prefix); // prefix scans are on Bytes keys, as in Kafka Streams' own stores
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private NavigableMap<K, V> sorted() {
        if (map instanceof NavigableMap<K, V> sorted) {
            return sorted;
        }
        throw new UnsupportedOperationException("store " + name + " is built for point reads only: scan it through a sorted store");
    }

    private static <K, V> KeyValueIterator<K, V> copy(Map<K, V> entries) {
        List<KeyValue<K, V>> copied = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> copied.add(KeyValue.pair(key, value)));
        return new CopyIterator<>(copied);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // nothing to restore: built empty for one replay
    }

    @Override
    public void close() {
        map.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    private static final class CopyIterator<K, V> implements KeyValueIterator<K, V> {
        private final List<KeyValue<K, V>> entries;
        private final Iterator<KeyValue<K, V>> iterator;
        private int next;

        CopyIterator(List<KeyValue<K, V>> entries) {
            this.entries = entries;
            this.iterator = entries.iterator();
        }

        @Override
        public boolean hasNext() {
            return iterator.hasNext();
        }

        @Override
        public KeyValue<K, V> next() {
            next++;
            return iterator.next();
        }

        @Override
        public K peekNextKey() {
            if (next >= entries.size()) {
                throw new java.util.NoSuchElementException();
            }
            return entries.get(next).key;
        }

        @Override
        public void close() {
            // a copy: nothing to release
        }
    }
}
