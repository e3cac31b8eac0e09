package dev.convometer.topology;

import dev.convometer.domain.pricing.CountedEntry;
import dev.convometer.domain.pricing.Counter;
import dev.convometer.domain.pricing.CounterHead;
import dev.convometer.domain.pricing.CounterItems;
import dev.convometer.domain.pricing.ItemKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The counter stage's state (PRICING 7.13): each counter's items in P-ORDER with the record emitted for each
 * ({@code counter-items}, keys of {@link CounterFormat}), each counter's head ({@code counter-heads}, by counter key),
 * and the counters of each billing month ({@code counter-months}: the month {@code YYYY-MM}, then the counter key; a
 * counter is filed there when its first head is written), so that freeing a month scans only that month's counters.
 */
final class CounterStore implements CounterItems {
    private static final byte[] PRESENT = new byte[0];
    /** Above every byte of a UTF-8 counter key: closes a month's range of the index. */
    private static final byte MONTH_END = (byte) 0xFF;

    private final KeyValueStore<Bytes, byte[]> items;
    private final KeyValueStore<String, byte[]> heads;
    private final KeyValueStore<Bytes, byte[]> months;
    /** The counter whose head was last read and not found: its next head is its first, filed under its month. */
    private Counter headless;

    CounterStore(KeyValueStore<Bytes, byte[]> items, KeyValueStore<String, byte[]> heads, KeyValueStore<Bytes, byte[]> months) {
        this.items = items;
        this.heads = heads;
        this.months = months;
    }

    @Override
    public CounterHead head(Counter counter) {
        byte[] stored = heads.get(counter.key());
        headless = stored == null ? counter : null;
        return stored == null ? null : CounterFormat.decodeHead(stored);
    }

    @Override
    public void putHead(Counter counter, CounterHead head) {
        if (head == null) {
            heads.delete(counter.key()); // its month's index entry stays: freeing a counter that holds nothing is harmless
            return;
        }
        heads.put(counter.key(), CounterFormat.encode(head));
        if (counter.equals(headless)) {
            months.put(Bytes.wrap(monthKey(counter.billingMonth(), counter.key())), PRESENT);
            headless = null;
        }
    }

    @Override
    public CountedEntry get(Counter counter, ItemKey key) {
        byte[] stored = items.get(Bytes.wrap(CounterFormat.itemKey(counter, key)));
        return stored == null ? null : CounterFormat.decodeEntry(stored);
    }

    @Override
    public ItemKey before(Counter counter, ItemKey key) {
        byte[] low = CounterFormat.counterLow(counter.key());
        byte[] from = key == null ? CounterFormat.counterHigh(counter.key()) : CounterFormat.itemKey(counter, key);
        try (KeyValueIterator<Bytes, byte[]> keys = items.reverseRange(Bytes.wrap(low), Bytes.wrap(from))) {
            return next(keys, from, low.length);
        }
    }

    @Override
    public ItemKey after(Counter counter, ItemKey key) {
        byte[] low = CounterFormat.counterLow(counter.key());
        byte[] from = key == null ? low : CounterFormat.itemKey(counter, key);
        try (KeyValueIterator<Bytes, byte[]> keys = items.range(Bytes.wrap(from), Bytes.wrap(CounterFormat.counterHigh(counter.key())))) {
            return next(keys, from, low.length);
        }
    }

    /** The first key of {@code keys} that is not {@code from} itself (the bounds of a range are inclusive). */
    private static ItemKey next(KeyValueIterator<Bytes, byte[]> keys, byte[] from, int counterLength) {
        while (keys.hasNext()) {
            byte[] key = keys.next().key.get();
            if (!Arrays.equals(key, from)) {
                return CounterFormat.itemKey(key, counterLength);
            }
        }
        return null;
    }

    @Override
    public void put(Counter counter, CountedEntry entry) {
        items.put(Bytes.wrap(CounterFormat.itemKey(counter, entry.item().key())), CounterFormat.encode(entry));
    }

    @Override
    public void delete(Counter counter, ItemKey key) {
        items.delete(Bytes.wrap(CounterFormat.itemKey(counter, key)));
    }

    /**
     * Deletes every counter of the months after {@code after} up to {@code through} ({@code YYYY-MM}; {@code after} null:
     * from the first): its items, its head and its index entry.
     */
    void freeMonths(String after, String through) {
        byte[] low = after == null ? new byte[0] : monthEnd(after);
        try (KeyValueIterator<Bytes, byte[]> counters = months.range(Bytes.wrap(low), Bytes.wrap(monthEnd(through)))) {
            while (counters.hasNext()) {
                Bytes indexKey = counters.next().key;
                String counterKey = new String(indexKey.get(), 7, indexKey.get().length - 7, StandardCharsets.UTF_8);
                freeCounter(counterKey);
                months.delete(indexKey);
            }
        }
    }

    private void freeCounter(String counterKey) {
        heads.delete(counterKey);
        try (KeyValueIterator<Bytes, byte[]> entries = items.range(Bytes.wrap(CounterFormat.counterLow(counterKey)),
                Bytes.wrap(CounterFormat.counterHigh(counterKey)))) {
            while (entries.hasNext()) {
                items.delete(entries.next().key);
            }
        }
    }

    /** The month (7 ASCII bytes, so byte order is month order), then the counter key. */
    private static byte[] monthKey(String month, String counterKey) {
        return (month + counterKey).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] monthEnd(String month) {
        byte[] key = Arrays.copyOf(month.getBytes(StandardCharsets.UTF_8), 8);
        key[7] = MONTH_END;
        return key;
    }
}
