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
 * @param storage           where the stores keep their state
 */
public record BillingSettings(boolean repartitionByPair, DeduplicationHorizon horizon, Duration expiryInterval, Storage storage) {
    public static final BillingSettings DEFAULTS = new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofMinutes(1), Storage.DURABLE);

    public enum Storage {
        /** RocksDB, backed by changelog topics: the streaming service. */
        DURABLE,
        /**
         * In memory, no changelog: a replay that lives as long as one process. TopologyTestDriver commits after every
         * record, and a RocksDB commit in Kafka Streams 4.4 rewrites the store's offsets (measured: 6k events/s).
         */
        IN_MEMORY
    }

    public BillingSettings {
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("expiry interval must be positive, was " + expiryInterval);
        }
    }

    public BillingSettings withStorage(Storage storage) {
        return new BillingSettings(repartitionByPair, horizon, expiryInterval, storage);
    }
}
