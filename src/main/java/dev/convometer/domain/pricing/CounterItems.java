package dev.convometer.domain.pricing;

/**
 * Where counters keep their items in P-ORDER, each with the record emitted for it, and their heads: a RocksDB store live,
 * a sorted map in replay. Keys are compared as {@link ItemKey}s, within one counter.
 */
public interface CounterItems {
    /** The counter's size and the items at its boundary ranks; null when it holds nothing. */
    CounterHead head(Counter counter);

    /** Stores the head; null deletes it (the counter holds nothing). */
    void putHead(Counter counter, CounterHead head);

    /** The entry of {@code key}, or null. */
    CountedEntry get(Counter counter, ItemKey key);

    /** The greatest key less than {@code key} (the last key when {@code key} is null), or null. */
    ItemKey before(Counter counter, ItemKey key);

    /** The least key greater than {@code key} (the first key when {@code key} is null), or null. */
    ItemKey after(Counter counter, ItemKey key);

    void put(Counter counter, CountedEntry entry);

    void delete(Counter counter, ItemKey key);
}
