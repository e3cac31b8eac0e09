package dev.convometer.domain;

/**
 * D-DEDUP: an event whose (kind, event_id) was first seen for the same pair at {@code firstSeenAt} is a duplicate
 * while the two event times lie less than the horizon apart (on either side, for events that arrive late).
 */
public record DeduplicationHorizon(long millis) {
    public static final DeduplicationHorizon DEFAULT = new DeduplicationHorizon(7 * BillingRules.DAY);

    public DeduplicationHorizon {
        if (millis <= 0) {
            throw new IllegalArgumentException("deduplication horizon must be positive, was " + millis + " ms");
        }
    }

    public boolean isDuplicate(long firstSeenAt, long t) {
        return Math.abs(t - firstSeenAt) < millis;
    }

    /** From this event time on, the first sighting no longer matters and may be freed. */
    public long forgetAt(long firstSeenAt) {
        return firstSeenAt + millis;
    }
}
