package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.PairState;
import java.nio.ByteBuffer;

/**
 * The stored form of a pair's state: a version byte, csw_until, entry_until, then opened_at and expires_at per
 * category (fixed size, so a read and a write per event cost the same for every pair).
 */
final class PairStateCodec {
    private static final byte VERSION = 1;
    private static final int SLOTS = Category.values().length * 2;
    private static final int SIZE = 1 + 8 * (2 + SLOTS);

    private PairStateCodec() {
    }

    static byte[] encode(PairState state) {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE).put(VERSION).putLong(state.cswUntil()).putLong(state.entryUntil());
        for (Category category : Category.values()) {
            buffer.putLong(state.openedAt(category)).putLong(state.expiresAt(category));
        }
        return buffer.array();
    }

    static PairState decode(byte[] bytes) {
        if (bytes.length != SIZE || bytes[0] != VERSION) {
            throw new IllegalStateException("unreadable pair state: " + bytes.length + " bytes, version " + (bytes.length > 0 ? bytes[0] : -1));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, SIZE - 1);
        long cswUntil = buffer.getLong();
        long entryUntil = buffer.getLong();
        long[] windows = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            windows[i] = buffer.getLong();
        }
        return PairState.of(cswUntil, entryUntil, windows);
    }
}
