package dev.convometer.domain.pricing;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counters' items in P-ORDER in memory, a sorted map per counter (replay in arrival order). */
public final class MemoryCounterItems implements CounterItems {
    private final Map<Counter, CounterHead> heads = new HashMap<>();
    private final Map<Counter, TreeMap<ItemKey, CountedEntry>> entries = new HashMap<>();

    @Override
    public CounterHead head(Counter counter) {
        return heads.get(counter);
    }

    @Override
    public void putHead(Counter counter, CounterHead head) {
        if (head == null) {
            heads.remove(counter);
            entries.remove(counter);
        } else {
            heads.put(counter, head);
        }
    }

    @Override
    public CountedEntry get(Counter counter, ItemKey key) {
        TreeMap<ItemKey, CountedEntry> held = entries.get(counter);
        return held == null ? null : held.get(key);
    }

    @Override
    public ItemKey before(Counter counter, ItemKey key) {
        TreeMap<ItemKey, CountedEntry> held = entries.get(counter);
        if (held == null || held.isEmpty()) {
            return null;
        }
        return key == null ? held.lastKey() : held.lowerKey(key);
    }

    @Override
    public ItemKey after(Counter counter, ItemKey key) {
        TreeMap<ItemKey, CountedEntry> held = entries.get(counter);
        if (held == null || held.isEmpty()) {
            return null;
        }
        return key == null ? held.firstKey() : held.higherKey(key);
    }

    @Override
    public void put(Counter counter, CountedEntry entry) {
        entries.computeIfAbsent(counter, c -> new TreeMap<>()).put(entry.item().key(), entry);
    }

    @Override
    public void delete(Counter counter, ItemKey key) {
        TreeMap<ItemKey, CountedEntry> held = entries.get(counter);
        if (held != null) {
            held.remove(key);
        }
    }
}
