package dev.convometer.topology;

import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.domain.pricing.PricingRules;
import java.time.Duration;

/**
 * How the billing topology is wired.
 *
 * @param repartitionByPair re-key through the internal repartition topic; false only when every producer already keys
 *                          the three inputs by pair ({@link PairKey}) on co-partitioned topics
 * @param horizon           D-DEDUP horizon in event time
 * @param correctionHorizon how far behind stream time an event is still corrected (SPEC 3a L-TOO-LATE)
 * @param maxFutureSkew     how far ahead of the wall clock an event may be stamped (live only; null: not checked,
 *                          as in replay, which re-bills history whatever the clock says)
 * @param expiryInterval    stream-time interval of the punctuation that frees expired state
 * @param storage           where the stores keep their state
 * @param pricing           the rules and tables that price what billing decides (PRICING section 7); null: pricing is
 *                          off, and billing's outputs are the same either way
 */
public record BillingSettings(boolean repartitionByPair, DeduplicationHorizon horizon, Duration correctionHorizon,
                              Duration maxFutureSkew, Duration expiryInterval, Storage storage, PricingRules pricing) {
    public static final BillingSettings DEFAULTS = new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofDays(7),
            null, Duration.ofMinutes(1), Storage.DURABLE);

    public enum Storage {
        /** RocksDB, backed by changelog topics: the streaming service. */
        DURABLE,
        /**
         * In memory, no changelog: a topology that lives as long as one process (tests through TopologyTestDriver,
         * which commits after every record; a RocksDB commit in Kafka Streams 4.4 rewrites the store's offsets,
         * measured: 6k events/s). Replay does not build the topology: replay's driver (topology.replay) keeps its own stores.
         */
        IN_MEMORY
    }

    /** Settings without pricing. */
    public BillingSettings(boolean repartitionByPair, DeduplicationHorizon horizon, Duration correctionHorizon,
                           Duration maxFutureSkew, Duration expiryInterval, Storage storage) {
        this(repartitionByPair, horizon, correctionHorizon, maxFutureSkew, expiryInterval, storage, null);
    }

    public BillingSettings {
        requirePositive(expiryInterval, "expiry interval");
        requirePositive(correctionHorizon, "correction horizon");
        if (maxFutureSkew != null) {
            requirePositive(maxFutureSkew, "max future skew");
        }
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }

    public BillingSettings withStorage(Storage storage) {
        return new BillingSettings(repartitionByPair, horizon, correctionHorizon, maxFutureSkew, expiryInterval, storage, pricing);
    }

    public BillingSettings withCorrectionHorizon(Duration correctionHorizon) {
        return new BillingSettings(repartitionByPair, horizon, correctionHorizon, maxFutureSkew, expiryInterval, storage, pricing);
    }

    public BillingSettings withPricing(PricingRules pricing) {
        return new BillingSettings(repartitionByPair, horizon, correctionHorizon, maxFutureSkew, expiryInterval, storage, pricing);
    }

    public BillingSettings withMaxFutureSkew(Duration maxFutureSkew) {
        return new BillingSettings(repartitionByPair, horizon, correctionHorizon, maxFutureSkew, expiryInterval, storage, pricing);
    }
}
