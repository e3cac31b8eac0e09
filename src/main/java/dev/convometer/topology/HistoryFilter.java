package dev.convometer.topology;

import dev.convometer.domain.TrafficEvent;
import java.nio.ByteBuffer;

/**
 * A Bloom filter, kept in the pair record, of the events the pair's history holds copies of (kind and event_id): when
 * it says no, the history has no copy of the event and an in-order event need not read it. Most events are new, and
 * that read of a key that is not there (the memtable searched, then every level's filter) was a fifth of the stream
 * thread's time. 256 bits, three probes: about 1% false positives with 20 events kept, and a read as before (never a
 * wrong answer) when it errs. Events are only ever added; maintenance rebuilds it from what the history still holds.
 * The hash is fixed (FNV-1a over the kind code and the UTF-16 code units of the id, then a 64-bit finalizer): the bits
 * are stored state and must mean the same in every release.
 */
record HistoryFilter(long w0, long w1, long w2, long w3) {
    static final HistoryFilter EMPTY = new HistoryFilter(0, 0, 0, 0);
    /** Says yes to everything: what a record written before the filter existed reads as. */
    static final HistoryFilter FULL = new HistoryFilter(-1, -1, -1, -1);
    static final int BYTES = 32;
    private static final int PROBES = 3;

    HistoryFilter with(TrafficEvent event) {
        long[] words = {w0, w1, w2, w3};
        long hash = hash(event);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            words[bit >>> 6] |= 1L << bit;
        }
        return new HistoryFilter(words[0], words[1], words[2], words[3]);
    }

    /** False only when no copy of {@code event} was added since the filter was last rebuilt. */
    boolean mightContain(TrafficEvent event) {
        long hash = hash(event);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            if ((word(bit >>> 6) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    void writeTo(ByteBuffer buffer) {
        buffer.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
    }

    static HistoryFilter readFrom(ByteBuffer buffer) {
        return new HistoryFilter(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    private long word(int index) {
        return switch (index) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** Double hashing: probe i is h1 + i * h2 over the 256 bits. */
    private static int bit(long hash, int probe) {
        return ((int) hash + probe * (int) (hash >>> 32)) & 255;
    }

    private static long hash(TrafficEvent event) {
        long hash = 0xcbf29ce484222325L;
        hash = (hash ^ StoredCodes.of(event.kind())) * 0x100000001b3L;
        String id = event.eventId();
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
        hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }
}
