package dev.convometer.topology;

import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.pricing.CounterBook;
import dev.convometer.domain.pricing.CounterChange;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The counter stage (PRICING 7.11-7.13), keyed by counter: applies each {@link CounterDelta} of the pair stage as one
 * net step ({@link CounterBook}) to the counter's items in {@link CounterStore}, then forwards what the step changed:
 * the records that no longer hold to the voided sinks ({@code voided_by} = the delta's cause), then the new ones, each
 * keyed by WABA and stamped with the delta's time.
 *
 * <p>Retention: a counter of billing month M holds items whose local date is in M, so whose pricing instant is before
 * the first instant of the next month at UTC-12, where a date ends last. An event only changes items at or after its
 * own time, so once stream time is past that end plus the correction horizon, every event that could change M is too
 * late (L-TOO-LATE): M is final (7.13), and a {@code STREAM_TIME} punctuator frees its counters, found through the
 * month index. This stage's stream time is the latest delta from any pair task; a delta that still comes for a final
 * month (its pair partition behind the others by more than the horizon) is a dead letter, {@code too_late}, rather
 * than ranked in a counter that may already be freed: what is priced never depends on when punctuation ran.
 */
final class CounterStage implements Processor<String, CounterDelta, String, Object> {
    /** The latest offset a local date can have: a month ends last there. */
    private static final ZoneOffset LAST_TO_END = ZoneOffset.ofHours(-12);

    private final CounterBook book;
    private final Duration correctionHorizon;
    private final Duration interval;
    private final BillingCounters counters;

    private ProcessorContext<String, Object> context;
    private CounterStore store;
    /** Months up to this one were freed by this instance (a restart frees from the first again); null: none yet. */
    private String freedThrough;
    private long finalAt = Long.MIN_VALUE;
    private String finalThrough;

    CounterStage(BillingSettings settings, BillingCounters counters) {
        this.book = new CounterBook(settings.pricing());
        this.correctionHorizon = settings.correctionHorizon();
        this.interval = settings.expiryInterval();
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = new CounterStore(context.getStateStore(BillingTopology.COUNTER_ITEMS_STORE),
                context.getStateStore(BillingTopology.COUNTER_HEADS_STORE), context.getStateStore(BillingTopology.COUNTER_MONTHS_STORE));
        context.schedule(interval, PunctuationType.STREAM_TIME, this::freeFinalMonths);
    }

    @Override
    public void process(Record<String, CounterDelta> record) {
        CounterDelta delta = record.value();
        String month = delta.counter().billingMonth();
        if (month.compareTo(finalThrough(context.currentStreamTimeMs())) <= 0) {
            throw new ContractViolation("too_late: counter " + delta.counter().key() + " of " + delta.causedBy()
                    + " is final: stream time " + Instant.ofEpochMilli(context.currentStreamTimeMs()) + " is past the end of "
                    + month + " (UTC-12) plus " + correctionHorizon + " (correction.horizon)");
        }
        CounterChange change = book.apply(store, delta.counter(), delta.retracts(), delta.adds());
        for (PricedItem item : change.voided()) {
            counters.recordPricedVoided(item);
            context.forward(new Record<>(item.charge().wabaId(), new VoidedPricedItem(item, delta.causedBy()), record.timestamp()),
                    item instanceof PricedConversation ? BillingTopology.COUNTED_PRICED_CONVERSATION_VOIDED_SINK
                            : BillingTopology.COUNTED_PRICED_MESSAGE_VOIDED_SINK);
        }
        for (PricedItem item : change.emitted()) {
            counters.recordPriced(item);
            context.forward(new Record<>(item.charge().wabaId(), item, record.timestamp()),
                    item instanceof PricedConversation ? BillingTopology.COUNTED_PRICED_CONVERSATION_SINK
                            : BillingTopology.COUNTED_PRICED_MESSAGE_SINK);
        }
    }

    private void freeFinalMonths(long streamTime) {
        String through = finalThrough(streamTime);
        if (freedThrough == null || through.compareTo(freedThrough) > 0) {
            store.freeMonths(freedThrough, through);
            freedThrough = through;
        }
    }

    /** The last billing month ({@code YYYY-MM}) that is final at {@code streamTime}; remembered while stream time stays. */
    private String finalThrough(long streamTime) {
        if (streamTime != finalAt) {
            finalAt = streamTime;
            finalThrough = lastFinalMonth(streamTime, correctionHorizon).toString();
        }
        return finalThrough;
    }

    /** Month M is final once {@code streamTime - horizon} has reached the first instant of M + 1 at UTC-12. */
    static YearMonth lastFinalMonth(long streamTime, Duration horizon) {
        return YearMonth.from(Instant.ofEpochMilli(streamTime - horizon.toMillis()).atOffset(LAST_TO_END)).minusMonths(1);
    }
}
