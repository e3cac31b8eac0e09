package dev.convometer.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A time-ordered index of the keys due for maintenance (billing's pairs: fold, forget, free): key = 8-byte big-endian expiry time (sign bit flipped so that byte order is
 * time order), then the key of the entry in its own store. Punctuation range-scans only from the point
 * already cleaned up to stream time, so it never walks every pair nor the tombstones it left behind.
 */
final class ExpiryIndex {
    private static final byte[] PRESENT = new byte[0];
    private static final String CURSOR = "cleaned-up-to";

    /** What is done to each due key (its index entry is already gone); returns how many state entries it freed. */
    interface Maintenance {
        int maintain(byte[] key, long streamTime);
    }

    private final KeyValueStore<Bytes, byte[]> index;
    private final KeyValueStore<String, Long> cursorStore;
    /** Every entry due before this time has been handed out. */
    private long cleanedUpTo;

    ExpiryIndex(KeyValueStore<Bytes, byte[]> index, KeyValueStore<String, Long> cursorStore) {
        this.index = index;
        this.cursorStore = cursorStore;
        Long stored = cursorStore.get(CURSOR);
        this.cleanedUpTo = stored == null ? Long.MIN_VALUE : stored;
    }

    /** Frees {@code key} once stream time reaches {@code at}; never behind the cursor, where no scan would find it. */
    void schedule(long at, byte[] key) {
        index.put(Bytes.wrap(indexKey(Math.max(at, cleanedUpTo), key)), PRESENT);
    }

    /**
     * Removes every entry due at or before stream time and hands its key to {@code maintenance}, then moves the cursor
     * past it; returns the state entries freed.
     */
    int maintainDue(long streamTime, Maintenance maintenance) {
        if (streamTime < cleanedUpTo) {
            return 0;
        }
        int count = 0;
        try (KeyValueIterator<Bytes, byte[]> entries = index.range(Bytes.wrap(timePrefix(cleanedUpTo)), Bytes.wrap(timePrefix(streamTime + 1)))) {
            while (entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                byte[] indexKey = entry.key.get();
                index.delete(entry.key);
                count += maintenance.maintain(Arrays.copyOfRange(indexKey, 8, indexKey.length), streamTime);
            }
        }
        cleanedUpTo = streamTime + 1;
        cursorStore.put(CURSOR, cleanedUpTo);
        return count;
    }

    private static byte[] timePrefix(long time) {
        return ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array();
    }

    private static byte[] indexKey(long time, byte[] key) {
        return ByteBuffer.allocate(8 + key.length).putLong(time ^ Long.MIN_VALUE).put(key).array();
    }
}
