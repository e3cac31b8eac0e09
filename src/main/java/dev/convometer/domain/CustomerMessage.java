package dev.convometer.domain;

/**
 * A customer-side event: an inbound message, or an entry-point message (an ad click, or an inbound message that
 * carries a referral). Both open or refresh the customer service window; only entry points arm a free entry point.
 */
public record CustomerMessage(EventKind kind, String eventId, Pair pair, long timestamp, boolean entryPoint)
        implements TrafficEvent {
    public CustomerMessage {
        if (kind == EventKind.OUTBOUND_SEND) {
            throw new IllegalArgumentException("an outbound send is a business message");
        }
        ContractViolation.requireNonEmpty(eventId, "event_id");
    }

    public static CustomerMessage inbound(String eventId, Pair pair, long timestamp, boolean hasReferral) {
        return new CustomerMessage(EventKind.INBOUND_MESSAGE, eventId, pair, timestamp, hasReferral);
    }

    public static CustomerMessage adClick(String eventId, Pair pair, long timestamp) {
        return new CustomerMessage(EventKind.AD_CLICK, eventId, pair, timestamp, true);
    }
}
