package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.PairState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the {@code pair-state} store keeps of a pair: its state after every event applied so far ({@code head}) and
 * the O-ORDER position of the last of them, which tells a late event from an in-order one; the state at the start of
 * the replayable history ({@code base}: every event before {@code baseUntil} is folded into it); and when the
 * punctuator looks at the pair next ({@code maintainAt}).
 */
record PairRecord(PairState head, EventPosition last, PairState base, long baseUntil, long maintainAt) {
    /** A pair nothing is known of: nothing folded, no maintenance scheduled. */
    static final PairRecord NEW = new PairRecord(PairState.EMPTY, null, PairState.EMPTY, Long.MIN_VALUE, PairState.NONE);

    private static final byte VERSION = 2;
    private static final int SLOTS = Category.values().length * 2;
    private static final int STATE_SIZE = 8 * (2 + SLOTS);
    private static final int FIXED_SIZE = 1 + 2 * STATE_SIZE + 8 + 8 + 8 + 1;

    PairRecord withHead(PairState head, EventPosition last) {
        return new PairRecord(head, last, base, baseUntil, maintainAt);
    }

    PairRecord withBase(PairState base, long baseUntil, long maintainAt) {
        return new PairRecord(head, last, base, baseUntil, maintainAt);
    }

    PairRecord withMaintainAt(long maintainAt) {
        return new PairRecord(head, last, base, baseUntil, maintainAt);
    }

    /**
     * A version byte, head, base (each csw_until, entry_until, then opened_at and expires_at per category), baseUntil,
     * maintainAt, then the last position: time, kind code, event_id (UTF-8, the rest of the record).
     */
    byte[] encode() {
        byte[] id = last == null ? new byte[0] : last.eventId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(FIXED_SIZE + id.length).put(VERSION);
        putState(buffer, head);
        putState(buffer, base);
        buffer.putLong(baseUntil).putLong(maintainAt);
        if (last == null) {
            buffer.putLong(0).put((byte) 0);
        } else {
            buffer.putLong(last.timestamp()).put(PairHistory.kindCode(last.kind()));
        }
        return buffer.put(id).array();
    }

    static PairRecord decode(byte[] bytes) {
        if (bytes.length < FIXED_SIZE || bytes[0] != VERSION) {
            throw new IllegalStateException("unreadable pair state: " + bytes.length + " bytes, version " + (bytes.length > 0 ? bytes[0] : -1)
                    + " (this release writes version " + VERSION + "; state of an older release needs a fresh application.id)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        PairState head = state(buffer);
        PairState base = state(buffer);
        long baseUntil = buffer.getLong();
        long maintainAt = buffer.getLong();
        long lastTime = buffer.getLong();
        byte kind = buffer.get();
        EventPosition last = kind == 0 ? null : new EventPosition(lastTime, PairHistory.kind(kind),
                new String(bytes, FIXED_SIZE, bytes.length - FIXED_SIZE, StandardCharsets.UTF_8));
        return new PairRecord(head, last, base, baseUntil, maintainAt);
    }

    private static void putState(ByteBuffer buffer, PairState state) {
        buffer.putLong(state.cswUntil()).putLong(state.entryUntil());
        for (Category category : Category.values()) {
            buffer.putLong(state.openedAt(category)).putLong(state.expiresAt(category));
        }
    }

    private static PairState state(ByteBuffer buffer) {
        long cswUntil = buffer.getLong();
        long entryUntil = buffer.getLong();
        long[] windows = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            windows[i] = buffer.getLong();
        }
        return PairState.of(cswUntil, entryUntil, windows);
    }
}
