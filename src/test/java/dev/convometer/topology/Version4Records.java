package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.PairState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Pair records as the release before openers wrote them (version 4): what an upgraded application finds in its stores. */
final class Version4Records {
    private static final int MAX_STATE_SIZE = 8 + 8 + 1 + Category.values().length * (1 + 8 + 8);

    private Version4Records() {
    }

    /** The encoder of version 4, as it was: the openers of {@code record} are not written. */
    static byte[] encode(PairRecord record) {
        byte[] id = record.last() == null ? new byte[0] : record.last().eventId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 2 * MAX_STATE_SIZE + 8 + 8 + HistoryFilter.BYTES + 8 + 1 + id.length).put((byte) 4);
        putState(buffer, record.head());
        putState(buffer, record.base());
        buffer.putLong(record.baseUntil()).putLong(record.maintainAt());
        record.kept().writeTo(buffer);
        if (record.last() == null) {
            buffer.putLong(0).put(StoredCodes.NONE);
        } else {
            buffer.putLong(record.last().timestamp()).put(StoredCodes.of(record.last().kind()));
        }
        buffer.put(id);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** {@code state} as a version 4 record reads back: every opener unknown. */
    static PairState withoutOpeners(PairState state) {
        PairState read = PairState.of(state.cswUntil(), state.entryUntil());
        for (Category category : Category.values()) {
            if (state.openedAt(category) != PairState.NONE) {
                read = read.withConversation(category, state.openedAt(category), state.expiresAt(category), null);
            }
        }
        return read;
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
}
