package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.PairState;
import dev.convometer.domain.TrafficEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the {@code pair-state} store keeps of a pair: its state after every event applied so far ({@code head}) and
 * the O-ORDER position of the last of them, which tells a late event from an in-order one; the state at the start of
 * the replayable history ({@code base}: every event before {@code baseUntil} is folded into it); and when the
 * punctuator looks at the pair next ({@code maintainAt}); and which events its history may hold ({@code kept}).
 */
record PairRecord(PairState head, EventPosition last, PairState base, long baseUntil, long maintainAt, HistoryFilter kept) {
    /** A pair nothing is known of: nothing folded, no maintenance scheduled, no history. */
    static final PairRecord NEW = new PairRecord(PairState.EMPTY, null, PairState.EMPTY, Long.MIN_VALUE, PairState.NONE, HistoryFilter.EMPTY);

    private static final byte VERSION = 4;
    /** Version 3 had no history filter: read as one that says yes to everything, so the history is read as before. */
    private static final byte VERSION_WITHOUT_FILTER = 3;
    private static final int MAX_STATE_SIZE = 8 + 8 + 1 + Category.values().length * (1 + 8 + 8);

    PairRecord withHead(PairState head, EventPosition last) {
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    PairRecord withBase(PairState base, long baseUntil, long maintainAt) {
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    PairRecord withMaintainAt(long maintainAt) {
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    PairRecord withKept(HistoryFilter kept) {
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    /** This record with {@code event} added to the filter of what the history holds: for every history write. */
    PairRecord remembering(TrafficEvent event) {
        return withKept(kept.with(event));
    }

    /**
     * A version byte (checked), head and base (each csw_until, entry_until, then the number of conversation slots in
     * use and, per slot, its {@link StoredCodes category code}, opened_at and expires_at), baseUntil, maintainAt, the
     * history filter (32 bytes), then the last position: time, kind code (0: none), event_id (UTF-8, the rest of the
     * record).
     */
    byte[] encode() {
        byte[] id = last == null ? new byte[0] : last.eventId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 2 * MAX_STATE_SIZE + 8 + 8 + HistoryFilter.BYTES + 8 + 1 + id.length).put(VERSION);
        putState(buffer, head);
        putState(buffer, base);
        buffer.putLong(baseUntil).putLong(maintainAt);
        kept.writeTo(buffer);
        if (last == null) {
            buffer.putLong(0).put(StoredCodes.NONE);
        } else {
            buffer.putLong(last.timestamp()).put(StoredCodes.of(last.kind()));
        }
        buffer.put(id);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    static PairRecord decode(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != VERSION && bytes[0] != VERSION_WITHOUT_FILTER)) {
            throw new IllegalStateException("unreadable pair state: " + bytes.length + " bytes, version " + (bytes.length > 0 ? bytes[0] : -1)
                    + " (this release reads versions " + VERSION_WITHOUT_FILTER + " and " + VERSION + "; state of an older release needs a fresh application.id)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        PairState head = state(buffer);
        PairState base = state(buffer);
        long baseUntil = buffer.getLong();
        long maintainAt = buffer.getLong();
        HistoryFilter kept = bytes[0] == VERSION ? HistoryFilter.readFrom(buffer) : HistoryFilter.FULL;
        long lastTime = buffer.getLong();
        byte kind = buffer.get();
        EventPosition last = kind == StoredCodes.NONE ? null : new EventPosition(lastTime, StoredCodes.kind(kind),
                new String(bytes, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8));
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    private static void putState(ByteBuffer buffer, PairState state) {
        buffer.putLong(state.cswUntil()).putLong(state.entryUntil());
        int slotsAt = buffer.position();
        byte slots = 0;
        buffer.put(slots);
        for (Category category : Category.values()) {
            if (state.openedAt(category) != PairState.NONE) {
                buffer.put(StoredCodes.of(category)).putLong(state.openedAt(category)).putLong(state.expiresAt(category));
                slots++;
            }
        }
        buffer.put(slotsAt, slots);
    }

    private static PairState state(ByteBuffer buffer) {
        long cswUntil = buffer.getLong();
        long entryUntil = buffer.getLong();
        PairState state = PairState.of(cswUntil, entryUntil);
        for (int slots = buffer.get(); slots > 0; slots--) {
            state = state.withConversation(StoredCodes.category(buffer.get()), buffer.getLong(), buffer.getLong());
        }
        return state;
    }
}
