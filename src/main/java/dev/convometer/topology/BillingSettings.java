package dev.convometer.topology;

import dev.convometer.domain.DeduplicationHorizon;
import java.time.Duration;

/**
 * How the billing topology is wired.
 *
 * @param repartitionByPair re-key through the internal repartition topic; false only when every producer already keys
 *                          the three inputs by pair ({@link PairKey}) on co-partitioned topics
 * @param horizon           D-DEDUP horizon in event time
 * @param expiryInterval    stream-time interval of the punctuation that frees expired state
 * @param changelogs        back the stores with changelog topics (off only where no broker restores them: replay)
 */
public record BillingSettings(boolean repartitionByPair, DeduplicationHorizon horizon, Duration expiryInterval, boolean changelogs) {
    public static final BillingSettings DEFAULTS = new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofMinutes(1), true);

    public BillingSettings {
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("expiry interval must be positive, was " + expiryInterval);
        }
    }

    public BillingSettings withChangelogs(boolean enabled) {
        return new BillingSettings(repartitionByPair, horizon, expiryInterval, enabled);
    }
}
