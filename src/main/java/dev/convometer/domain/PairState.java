package dev.convometer.domain;

import java.util.Arrays;

/**
 * Everything billing remembers of one pair: the customer service window end, the pending entry point's deadline,
 * and the open conversations, at most one per category (a slot per {@link Category}, so the record never grows), each
 * with the event_id of the message that opened it. Immutable; {@link #NONE} marks an absent time.
 */
public final class PairState {
    public static final long NONE = Long.MIN_VALUE;
    public static final PairState EMPTY = new PairState(NONE, NONE, new long[Category.values().length * 2],
            new String[Category.values().length]);

    static {
        Arrays.fill(EMPTY.windows, NONE);
    }

    private final long cswUntil;
    private final long entryUntil;
    /** openedAt, expiresAt per category ordinal. */
    private final long[] windows;
    /** openedBy per category ordinal: the opener's own String, shared by every state that keeps the slot. */
    private final String[] openers;

    private PairState(long cswUntil, long entryUntil, long[] windows, String[] openers) {
        this.cswUntil = cswUntil;
        this.entryUntil = entryUntil;
        this.windows = windows;
        this.openers = openers;
    }

    /** A state with these window ends and no conversation; storage adds its conversations with {@link #withConversation}. */
    public static PairState of(long cswUntil, long entryUntil) {
        return new PairState(cswUntil, entryUntil, EMPTY.windows, EMPTY.openers);
    }

    public long cswUntil() {
        return cswUntil;
    }

    public long entryUntil() {
        return entryUntil;
    }

    public long openedAt(Category category) {
        return windows[category.ordinal() * 2];
    }

    public long expiresAt(Category category) {
        return windows[category.ordinal() * 2 + 1];
    }

    /**
     * The event_id of the message that opened the conversation of {@code category}; null when there is none, or when
     * it is not known (a state stored before openers were, whose conversation was open across the upgrade).
     */
    public String openedBy(Category category) {
        return openers[category.ordinal()];
    }

    /** Half-open: the conversation is open at t iff openedAt <= t < expiresAt. */
    public boolean isOpen(Category category, long t) {
        long openedAt = openedAt(category);
        return openedAt != NONE && openedAt <= t && t < expiresAt(category);
    }

    public boolean cswOpenAt(long t) {
        return t < cswUntil;
    }

    public boolean entryPending() {
        return entryUntil != NONE;
    }

    /** When every window, conversation and pending entry point of this pair has ended; NONE when there is none. */
    public long retainUntil() {
        long until = Math.max(cswUntil, entryUntil);
        for (Category category : Category.values()) {
            until = Math.max(until, expiresAt(category));
        }
        return until;
    }

    PairState withCswUntil(long until) {
        return new PairState(until, entryUntil, windows, openers);
    }

    PairState withEntryUntil(long until) {
        return new PairState(cswUntil, until, windows, openers);
    }

    /** The conversation of {@code category} is {@code [openedAt, expiresAt)}, in place of the one before (S-TEMPLATE). */
    public PairState withConversation(Category category, long openedAt, long expiresAt, String openedBy) {
        long[] copy = windows.clone();
        copy[category.ordinal() * 2] = openedAt;
        copy[category.ordinal() * 2 + 1] = expiresAt;
        String[] by = openers.clone();
        by[category.ordinal()] = openedBy;
        return new PairState(cswUntil, entryUntil, copy, by);
    }

    /** Only {@code keep} stays open; every other conversation is closed (S-FEP-OPEN). */
    PairState withOnlyConversation(Category keep, long openedAt, long expiresAt, String openedBy) {
        return new PairState(cswUntil, entryUntil, EMPTY.windows, EMPTY.openers).withConversation(keep, openedAt, expiresAt, openedBy);
    }

    /**
     * Equal, except that an opener {@code recorded} does not know (null: stored by a release that kept no openers)
     * matches any: what a replay of a pair's history must give for the state recorded after it.
     */
    public boolean agreesWith(PairState recorded) {
        if (cswUntil != recorded.cswUntil || entryUntil != recorded.entryUntil || !Arrays.equals(windows, recorded.windows)) {
            return false;
        }
        for (int i = 0; i < openers.length; i++) {
            if (recorded.openers[i] != null && !recorded.openers[i].equals(openers[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairState other && cswUntil == other.cswUntil && entryUntil == other.entryUntil
                && Arrays.equals(windows, other.windows) && Arrays.equals(openers, other.openers);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(cswUntil) + 17 * Long.hashCode(entryUntil) + Arrays.hashCode(windows) + 7 * Arrays.hashCode(openers);
    }

    @Override
    public String toString() {
        return "PairState{csw_until=" + cswUntil + ", entry_until=" + entryUntil + ", windows=" + Arrays.toString(windows)
                + ", opened_by=" + Arrays.toString(openers) + '}';
    }
}
