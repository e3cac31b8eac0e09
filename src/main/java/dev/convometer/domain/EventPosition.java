package dev.convometer.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where an event stands in O-ORDER (SPEC section 1), the total order in which a pair's events are applied: timestamp,
 * then customer-side before business messages, then event_id as unsigned UTF-8 bytes. Two customer-side events of
 * different kinds with the same id and time commute; their kind orders them only so that the order stays total.
 * Equal positions are copies of one event: then input order decides, which no position can say.
 */
public record EventPosition(long timestamp, EventKind kind, String eventId) implements Comparable<EventPosition> {

    public static EventPosition of(TrafficEvent event) {
        return new EventPosition(event.timestamp(), event.kind(), event.eventId());
    }

    /** Customer-side events (inbound messages, entry points) come before business messages at one timestamp. */
    public boolean businessSide() {
        return kind == EventKind.OUTBOUND_SEND;
    }

    @Override
    public int compareTo(EventPosition other) {
        int order = Long.compare(timestamp, other.timestamp);
        if (order != 0) {
            return order;
        }
        order = Boolean.compare(businessSide(), other.businessSide());
        if (order != 0) {
            return order;
        }
        order = compareIds(eventId, other.eventId);
        return order != 0 ? order : kind.compareTo(other.kind);
    }

    /** Unsigned UTF-8 byte order, which is code point order (String.compareTo is UTF-16 order and differs). */
    static int compareIds(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
