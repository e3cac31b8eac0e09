package dev.convometer.domain;

/** A free-form send WhatsApp refuses (S-REJECT): the business message's event_id and time, for the pair. */
public record Rejection(Pair pair, String eventId, long timestamp) {
    public static final String WINDOW_CLOSED = "customer_service_window_closed";

    public static Rejection of(TrafficEvent event) {
        return new Rejection(event.pair(), event.eventId(), event.timestamp());
    }
}
