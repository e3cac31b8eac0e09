package dev.convometer.topology;

import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks an input against the contract (a violation is thrown to {@link ContractViolationHandler}, which dead-letters
 * the original bytes) and re-keys it by pair, stamped with its event time.
 *
 * <p>When {@code maxFutureSkew} is set (the live service), an event stamped more than that ahead of the wall clock is
 * a dead letter too, with a reason starting {@code timestamp_in_future}: forwarded with its own timestamp it would be
 * refused by the broker ({@code log.message.timestamp.after.max.ms}) and stop the service, again after every restart.
 * Exactly {@code maxFutureSkew} ahead is accepted. The wall clock is the context's, so that tests drive it.
 */
final class ContractCheck<V> implements Processor<byte[], V, Pair, TrafficEvent> {
    static final String TIMESTAMP_IN_FUTURE = "timestamp_in_future";

    private final Duration maxFutureSkew;
    private final long maxFutureSkewMs;
    private ProcessorContext<Pair, TrafficEvent> context;

    /** @param maxFutureSkew how far ahead of the wall clock an event may be stamped; null: not checked (replay) */
    ContractCheck(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
        this.maxFutureSkewMs = maxFutureSkew == null ? -1 : maxFutureSkew.toMillis();
    }

    @Override
    public void init(ProcessorContext<Pair, TrafficEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], V> record) {
        TrafficEvent event = AvroEvents.toDomain(record.value());
        if (maxFutureSkewMs >= 0) {
            long now = context.currentSystemTimeMs();
            if (event.timestamp() - now > maxFutureSkewMs) {
                throw new ContractViolation(TIMESTAMP_IN_FUTURE + ": event time " + Instant.ofEpochMilli(event.timestamp())
                        + " is more than " + maxFutureSkew + " ahead of the clock " + Instant.ofEpochMilli(now));
            }
        }
        context.forward(record.withKey(event.pair()).withValue(event).withTimestamp(event.timestamp()));
    }
}
