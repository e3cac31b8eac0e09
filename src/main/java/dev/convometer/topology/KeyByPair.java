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
 * Re-keys each input by its pair, stamped with its event time, as the domain event billing reads ({@link AvroEvents#toDomain}).
 * The schema was checked when the record was deserialized; what this node refuses is thrown as a
 * {@link ContractViolation} to {@link ProcessingErrorHandler}, which dead-letters the original bytes: what the domain
 * model refuses (a template without a category, say) and, live, an event stamped in the future.
 *
 * <p>When {@code maxFutureSkew} is set (the live service), an event stamped more than that ahead of the wall clock is
 * a dead letter too, with a reason starting {@code timestamp_in_future}: forwarded with its own timestamp it would be
 * refused by the broker ({@code log.message.timestamp.after.max.ms}) and stop the service, again after every restart.
 * Exactly {@code maxFutureSkew} ahead is accepted. The wall clock is the context's, so that tests drive it.
 */
final class KeyByPair<V> implements Processor<byte[], V, Pair, TrafficEvent> {
    static final String TIMESTAMP_IN_FUTURE = "timestamp_in_future";

    private final Duration maxFutureSkew;
    private final long maxFutureSkewMs;
    private ProcessorContext<Pair, TrafficEvent> context;

    /** @param maxFutureSkew how far ahead of the wall clock an event may be stamped; null: not checked (replay) */
    KeyByPair(Duration maxFutureSkew) {
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
