package dev.convometer.topology;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Stream time is event time: the {@code timestamp} field of a valid event, whatever time the producer stamped on the
 * record, so that punctuated expiry frees state on the same clock the rules use.
 *
 * <p>Only a valid event moves stream time: one that passes the contract check and, when {@code maxFutureSkew} is set
 * (the live service), is stamped no more than that ahead of the wall clock. Anything else is a dead letter
 * ({@link KeyByPair} says why) and keeps the partition's time: a year-9999 typo must not push stream time, and with
 * it expiry and the correction horizon, past every real event, and the dead letter, which Kafka Streams stamps with the
 * time returned here, must be accepted by a broker that refuses records stamped far ahead. The time is never negative:
 * Kafka Streams would drop such a record silently instead of dead-lettering it.
 *
 * <p>One instance serves every task and stream thread of its source.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final long maxFutureSkewMs;
    private final LongSupplier wallClock;

    /**
     * @param maxFutureSkew how far ahead of the wall clock ({@link System#currentTimeMillis()}) an event may be
     *                      stamped; null: not checked, as in replay, which re-bills history whatever the clock says
     */
    public EventTimeExtractor(Duration maxFutureSkew) {
        this(maxFutureSkew, System::currentTimeMillis);
    }

    EventTimeExtractor(Duration maxFutureSkew, LongSupplier wallClock) {
        this.maxFutureSkewMs = maxFutureSkew == null ? -1 : maxFutureSkew.toMillis();
        this.wallClock = wallClock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long eventTime;
        try {
            eventTime = AvroEvents.toDomain(record.value()).timestamp();
        } catch (RuntimeException notValid) {
            // The contract check meets the same exception and decides: a ContractViolation is a dead letter with its
            // reason, anything else stops the task. Thrown here, it would bypass the dead-letter handlers.
            return keep(partitionTime);
        }
        // the clock is read only when the check is on (a few nanoseconds; the contract check above costs more)
        if (maxFutureSkewMs >= 0 && eventTime - wallClock.getAsLong() > maxFutureSkewMs) {
            return keep(partitionTime);
        }
        return eventTime;
    }

    private static long keep(long partitionTime) {
        return Math.max(partitionTime, 0);
    }
}
