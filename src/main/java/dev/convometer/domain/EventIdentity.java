package dev.convometer.domain;

/** What D-DEDUP compares within a pair: the kind of event and its event_id. */
public record EventIdentity(EventKind kind, String eventId) {
    public static EventIdentity of(TrafficEvent event) {
        return new EventIdentity(event.kind(), event.eventId());
    }
}
