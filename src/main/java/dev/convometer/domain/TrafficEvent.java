package dev.convometer.domain;

/** One input event of a pair, already checked against the contract. Timestamps are epoch milliseconds of event time. */
public sealed interface TrafficEvent permits CustomerMessage, BusinessMessage {
    EventKind kind();

    String eventId();

    Pair pair();

    long timestamp();

    /** Its place in O-ORDER (SPEC section 1). */
    default EventPosition position() {
        return EventPosition.of(this);
    }
}
