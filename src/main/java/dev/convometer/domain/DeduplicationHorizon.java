package dev.convometer.domain;

/**
 * D-DEDUP: copies of one event (same kind and event_id, same pair) are taken in O-ORDER; the first is applied, and a
 * later copy at {@code t} is a duplicate while {@code t} lies less than the horizon after the copy last applied. A copy
 * exactly one horizon later is new (half-open, like every window) and is the one later copies are measured from.
 */
public record DeduplicationHorizon(long millis) {
    public static final DeduplicationHorizon DEFAULT = new DeduplicationHorizon(7 * BillingRules.DAY);

    public DeduplicationHorizon {
        if (millis <= 0) {
            throw new IllegalArgumentException("deduplication horizon must be positive, was " + millis + " ms");
        }
    }

    /** {@code t} is not before {@code appliedAt}: copies come in O-ORDER. */
    public boolean isDuplicate(long appliedAt, long t) {
        return t - appliedAt < millis;
    }
}
