package dev.convometer.topology.replay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What {@link ReplayTask}'s stores ({@link MemoryStore}, {@link PairGroupedStore}, {@link DiskStore}) have in common:
 * a name, built open for one replay (nothing to restore, no changelog), the compound writes made of single ones, and
 * scans that copy what they return first, as Kafka Streams' in-memory store does, so the caller may write the store
 * while it iterates.
 */
abstract class ReplayStore<K, V> implements KeyValueStore<K, V> {
    private final String name;

    ReplayStore(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public final void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public final void init(StateStoreContext context, StateStore root) {
        // opened when built, for one replay: nothing to restore
    }

    @Override
    public final boolean isOpen() {
        return true;
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

    /** An iterator over a copy of {@code entries}, in their order. */
    static <K, V> KeyValueIterator<K, V> copy(Map<K, V> entries) {
        List<KeyValue<K, V>> copied = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> copied.add(KeyValue.pair(key, value)));
        return iterator(copied);
    }

    /** An iterator over entries already copied out of a store. */
    static <K, V> KeyValueIterator<K, V> iterator(List<KeyValue<K, V>> entries) {
        return new CopyIterator<>(entries);
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
                throw new NoSuchElementException();
            }
            return entries.get(next).key;
        }

        @Override
        public void close() {
            // a copy: nothing to release
        }
    }
}
