package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.PairState;
import dev.convometer.domain.TrafficEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the {@code pair-state} store keeps of a pair: its state after every event applied so far ({@code head}) and
 * the O-ORDER position of the last of them, which tells a late event from an in-order one; the state at the start of
 * the replayable history ({@code base}: every event before {@code baseUntil} is folded into it); and when the
 * punctuator looks at the pair next ({@code maintainAt}); and which events its history may hold ({@code kept}).
 * <p>
 * Versions 3 and 4 stored no conversation's opener: read from them, every slot's {@code openedBy} is null, meaning
 * a conversation open across the upgrade has no known opener (a template joining it is billed with an unknown
 * opener, and a replay of the pair's history agrees with such a state whatever opener it finds, see
 * {@link PairState#agreesWith}). The next write stores the state as version 5, openers included.
 */
record PairRecord(PairState head, EventPosition last, PairState base, long baseUntil, long maintainAt, HistoryFilter kept) {
    /** A pair nothing is known of: nothing folded, no maintenance scheduled, no history. */
    static final PairRecord NEW = new PairRecord(PairState.EMPTY, null, PairState.EMPTY, Long.MIN_VALUE, PairState.NONE, HistoryFilter.EMPTY);

    private static final byte VERSION = 5;
    /** Category.values() copies its array at every call, and a record is encoded at every event. */
    private static final Category[] CATEGORIES = Category.values();
    /** Version 4 had no openers. */
    private static final byte VERSION_WITHOUT_OPENERS = 4;
    /** Version 3 had no history filter either: read as one that says yes to everything, so the history is read as before. */
    private static final byte VERSION_WITHOUT_FILTER = 3;
    /** Opener codes: unknown, the same as head's opener of the slot's category (base only), else length + 2. */
    private static final int OPENER_UNKNOWN = 0;
    private static final int OPENER_AS_HEAD = 1;
    private static final int OPENER_LENGTH_OFFSET = 2;

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
     * use and, per slot, its {@link StoredCodes category code}, opened_at, expires_at and opener), baseUntil,
     * maintainAt, the history filter (32 bytes), then the last position: time, kind code (0: none), event_id (UTF-8,
     * the rest of the record). An opener is an unsigned varint code, then for a known one its UTF-8 bytes: 0 unknown,
     * 1 (base only) the same as head's opener of that category, else the byte length + 2.
     */
    byte[] encode() {
        byte[] id = last == null ? new byte[0] : last.eventId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + maxSize(head) + maxSize(base) + 8 + 8 + HistoryFilter.BYTES + 8 + 1 + id.length)
                .put(VERSION);
        putState(buffer, head, null);
        putState(buffer, base, head);
        buffer.putLong(baseUntil).putLong(maintainAt);
        kept.writeTo(buffer);
        if (last == null) {
            buffer.putLong(0).put(StoredCodes.NONE);
        } else {
            buffer.putLong(last.timestamp()).put(StoredCodes.of(last.kind()));
        }
        buffer.put(id);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    static PairRecord decode(byte[] bytes) {
        byte version = bytes.length == 0 ? -1 : bytes[0];
        if (version != VERSION && version != VERSION_WITHOUT_OPENERS && version != VERSION_WITHOUT_FILTER) {
            throw new IllegalStateException("unreadable pair state: " + bytes.length + " bytes, version " + version
                    + " (this release reads versions " + VERSION_WITHOUT_FILTER + ", " + VERSION_WITHOUT_OPENERS + " and " + VERSION
                    + "; state of an older release needs a fresh application.id)");
        }
        boolean openers = version == VERSION;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        PairState head = state(buffer, openers, null);
        PairState base = state(buffer, openers, head);
        long baseUntil = buffer.getLong();
        long maintainAt = buffer.getLong();
        HistoryFilter kept = version == VERSION_WITHOUT_FILTER ? HistoryFilter.FULL : HistoryFilter.readFrom(buffer);
        long lastTime = buffer.getLong();
        byte kind = buffer.get();
        EventPosition last = kind == StoredCodes.NONE ? null : new EventPosition(lastTime, StoredCodes.kind(kind),
                new String(bytes, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8));
        return new PairRecord(head, last, base, baseUntil, maintainAt, kept);
    }

    /** At most what {@link #putState} writes: a UTF-16 char takes at most 3 UTF-8 bytes, a varint of an int 5. */
    private static int maxSize(PairState state) {
        int size = 8 + 8 + 1;
        for (Category category : CATEGORIES) {
            String openedBy = state.openedBy(category);
            size += 1 + 8 + 8 + 5 + (openedBy == null ? 0 : 3 * openedBy.length());
        }
        return size;
    }

    /** {@code head} is the state whose openers base refers to; null when writing head itself. */
    private static void putState(ByteBuffer buffer, PairState state, PairState head) {
        buffer.putLong(state.cswUntil()).putLong(state.entryUntil());
        int slotsAt = buffer.position();
        byte slots = 0;
        buffer.put(slots);
        for (Category category : CATEGORIES) {
            if (state.openedAt(category) != PairState.NONE) {
                buffer.put(StoredCodes.of(category)).putLong(state.openedAt(category)).putLong(state.expiresAt(category));
                putOpener(buffer, state.openedBy(category), head == null ? null : head.openedBy(category));
                slots++;
            }
        }
        buffer.put(slotsAt, slots);
    }

    private static void putOpener(ByteBuffer buffer, String openedBy, String headOpener) {
        if (openedBy == null) {
            putVarint(buffer, OPENER_UNKNOWN);
        } else if (openedBy.equals(headOpener)) {
            putVarint(buffer, OPENER_AS_HEAD); // base often keeps head's conversations: stored once
        } else {
            byte[] utf8 = openedBy.getBytes(StandardCharsets.UTF_8);
            putVarint(buffer, utf8.length + OPENER_LENGTH_OFFSET);
            buffer.put(utf8);
        }
    }

    private static PairState state(ByteBuffer buffer, boolean openers, PairState head) {
        long cswUntil = buffer.getLong();
        long entryUntil = buffer.getLong();
        PairState state = PairState.of(cswUntil, entryUntil);
        for (int slots = buffer.get(); slots > 0; slots--) {
            Category category = StoredCodes.category(buffer.get());
            long openedAt = buffer.getLong();
            long expiresAt = buffer.getLong();
            state = state.withConversation(category, openedAt, expiresAt, openers ? opener(buffer, head, category) : null);
        }
        return state;
    }

    private static String opener(ByteBuffer buffer, PairState head, Category category) {
        int code = getVarint(buffer);
        if (code == OPENER_UNKNOWN) {
            return null;
        }
        if (code == OPENER_AS_HEAD) {
            if (head == null || head.openedBy(category) == null) {
                throw new IllegalStateException("unreadable pair state: an opener refers to head's, which has none");
            }
            return head.openedBy(category); // the same String: one copy in memory too
        }
        int length = code - OPENER_LENGTH_OFFSET;
        String openedBy = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return openedBy;
    }

    /** Unsigned LEB128: an id shorter than 126 bytes costs one byte of length. */
    private static void putVarint(ByteBuffer buffer, int value) {
        while ((value & ~0x7F) != 0) {
            buffer.put((byte) (value & 0x7F | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    private static int getVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("unreadable pair state: an opener's length runs past 5 bytes");
    }
}
