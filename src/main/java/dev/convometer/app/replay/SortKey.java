package dev.convometer.app.replay;

import dev.convometer.domain.TrafficEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where {@link OOrderSort} puts an event: its O-ORDER position ({@link dev.convometer.domain.EventPosition}: timestamp,
 * customer-side first, event_id as unsigned UTF-8 bytes, kind), then its input position (file, then line), so that
 * exact copies keep input order. The id's bytes are kept, not encoded again at every comparison.
 */
final class SortKey implements Comparable<SortKey> {
    final long timestamp;
    final boolean businessSide;
    final byte[] eventId;
    final int kind;
    final long seq;

    SortKey(TrafficEvent event, long seq) {
        this.timestamp = event.timestamp();
        this.businessSide = event.position().businessSide();
        this.eventId = event.eventId().getBytes(StandardCharsets.UTF_8);
        this.kind = event.kind().ordinal();
        this.seq = seq;
    }

    /** File index in the high bits, line number in the low 40 (a trillion lines): input order as one number. */
    static long seq(int fileIndex, long lineNumber) {
        return ((long) fileIndex << 40) | lineNumber;
    }

    @Override
    public int compareTo(SortKey other) {
        int order = Long.compare(timestamp, other.timestamp);
        if (order != 0) {
            return order;
        }
        order = Boolean.compare(businessSide, other.businessSide);
        if (order != 0) {
            return order;
        }
        order = Arrays.compareUnsigned(eventId, other.eventId);
        if (order != 0) {
            return order;
        }
        order = Integer.compare(kind, other.kind);
        return order != 0 ? order : Long.compare(seq, other.seq);
    }
}
