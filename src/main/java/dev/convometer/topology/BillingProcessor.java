package dev.convometer.topology;

import dev.convometer.domain.BillingRules;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.Correction;
import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.domain.EventIdentity;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairReplay;
import dev.convometer.domain.PairState;
import dev.convometer.domain.Rejection;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.Verdict;
import dev.convometer.domain.pricing.PricingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Bills each event of a pair in O-ORDER, whatever order the events arrive in (SPEC 3a).
 * <ul>
 *   <li>An event after every event of its pair applied so far (the common case) is applied to the pair's state: a
 *       read and a write of the pair record, and a write of the event's copies in the pair's history (what
 *       deduplication and a correction read). The copies are read first only when the pair's {@link HistoryFilter}
 *       says the history may hold the event. No scan, no recompute.</li>
 *   <li>A late event (before one already applied, in O-ORDER) replays the pair's retained history from its base
 *       state without and with it, and emits the difference (L-CORRECT): voided before opened, withdrawn before
 *       rejected.</li>
 *   <li>An event more than the correction horizon behind stream time is a dead letter, reason {@code too_late}
 *       (L-TOO-LATE); it changes nothing and is never seen by deduplication.</li>
 * </ul>
 * A stream-time punctuator maintains each pair when it comes due in the {@link ExpiryIndex}: it folds the events that
 * no correctable event can precede into the base state, forgets those that can no longer deduplicate a correctable
 * event, and frees the pair once nothing of it can change a decision any more. The rules never rely on it having run.
 */
public final class BillingProcessor implements Processor<Pair, TrafficEvent, String, Object> {
    private static final Comparator<PairHistory.Entry> O_ORDER = Comparator.comparing(entry -> entry.event().position());

    private final DeduplicationHorizon horizon;
    private final Duration correctionHorizon;
    private final Duration expiryInterval;
    private final BillingCounters counters;
    private final PricingRules pricing;
    private final AccountChanges accountChanges;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<Bytes, byte[]> pairs;
    private PairHistory history;
    private ExpiryIndex expiry;
    /** Null when pricing is off. */
    private PricedOutputs priced;

    /** {@code accountChanges}: those of the accounts store this processor reads, when pricing is on. */
    public BillingProcessor(BillingSettings settings, BillingCounters counters, AccountChanges accountChanges) {
        this.horizon = settings.horizon();
        this.correctionHorizon = settings.correctionHorizon();
        this.expiryInterval = settings.expiryInterval();
        this.counters = counters;
        this.pricing = settings.pricing();
        this.accountChanges = accountChanges;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.pairs = context.getStateStore(BillingTopology.PAIR_STATE_STORE);
        this.history = new PairHistory(context.getStateStore(BillingTopology.PAIR_HISTORY_STORE));
        this.expiry = new ExpiryIndex(context.getStateStore(BillingTopology.EXPIRY_INDEX_STORE),
                context.getStateStore(BillingTopology.EXPIRY_CURSOR_STORE));
        if (pricing != null) {
            priced = new PricedOutputs(pricing, new AccountBook(context.getStateStore(BillingTopology.ACCOUNTS_STORE), accountChanges), counters, context);
        }
        context.schedule(expiryInterval, PunctuationType.STREAM_TIME, streamTime -> counters.recordExpiredFreed(expiry.maintainDue(streamTime, this::maintain)));
    }

    @Override
    public void process(Record<Pair, TrafficEvent> record) {
        TrafficEvent event = record.value();
        Bytes pairKey = Bytes.wrap(PairKey.encode(event.pair()));
        byte[] stored = pairs.get(pairKey);
        PairRecord pair = stored == null ? PairRecord.NEW : PairRecord.decode(stored);
        rejectTooLate(event, pair);
        counters.recordEvent(event.kind());
        EventPosition position = event.position();
        int order = pair.last() == null ? 1 : position.compareTo(pair.last());
        if (order > 0) {
            applyInOrder(pairKey, pair, stored == null, event, position);
        } else if (order == 0 || history.contains(event, pair.kept())) {
            counters.recordDuplicate(); // a copy of an event already taken: the first to arrive stays (O-ORDER, rule 4)
        } else {
            correct(pairKey, pair, event);
        }
    }

    /**
     * L-TOO-LATE against the task's stream time, and against what this pair has already folded (the same bound, as
     * long as stream time never goes back; it guards the pair if it ever did).
     */
    private void rejectTooLate(TrafficEvent event, PairRecord pair) {
        long streamTime = context.currentStreamTimeMs();
        long correctableFrom = streamTime - correctionHorizon.toMillis();
        if (event.timestamp() < Math.max(correctableFrom, pair.baseUntil())) {
            counters.recordTooLate();
            throw new ContractViolation("too_late: event time " + Instant.ofEpochMilli(event.timestamp()) + " is more than "
                    + correctionHorizon + " (correction.horizon) behind stream time " + Instant.ofEpochMilli(streamTime));
        }
    }

    private void applyInOrder(Bytes pairKey, PairRecord pair, boolean newPair, TrafficEvent event, EventPosition position) {
        PairHistory.Copies copies = history.copiesOf(event, pair.kept());
        Long appliedAt = copies.lastApplied();
        boolean duplicate = appliedAt != null && horizon.isDuplicate(appliedAt, event.timestamp());
        history.put(copies.with(event, !duplicate));
        BillingRules.Step step = null;
        PairRecord next;
        PairRecord remembered = pair.remembering(event);
        if (duplicate) {
            counters.recordDuplicate();
            next = remembered.withHead(pair.head(), position);
        } else {
            step = BillingRules.apply(pair.head(), event);
            next = remembered.withHead(step.state(), position);
        }
        if (newPair) {
            next = next.withMaintainAt(freeAt(next));
            expiry.schedule(next.maintainAt(), pairKey.get());
        }
        pairs.put(pairKey, next.encode());
        if (step != null) {
            emit(step, event);
        }
    }

    /** L-CORRECT: the pair's replayable history from its base, without the late event and with it; emits the difference. */
    private void correct(Bytes pairKey, PairRecord pair, TrafficEvent late) {
        counters.recordLate();
        Map<EventIdentity, Long> appliedBefore = new HashMap<>();
        List<PairHistory.Entry> replayable = new ArrayList<>();
        for (PairHistory.Entry entry : history.read(late.pair())) {
            if (entry.event().timestamp() >= pair.baseUntil()) {
                replayable.add(entry);
            } else if (entry.applied()) {
                appliedBefore.merge(EventIdentity.of(entry.event()), entry.event().timestamp(), Math::max);
            }
        }
        replayable.sort(O_ORDER);
        List<TrafficEvent> events = new ArrayList<>(replayable.stream().map(PairHistory.Entry::event).toList());
        PairReplay.Outcome before = PairReplay.replay(pair.base(), appliedBefore, events, horizon);
        if (!before.state().agreesWith(pair.head())) { // a head read from version 3 or 4 knows no openers
            throw new IllegalStateException("pair history of " + late.pair() + " does not replay to its state: " + before.state() + " != " + pair.head());
        }
        EventPosition position = late.position();
        int at = 0;
        while (at < events.size() && events.get(at).position().compareTo(position) < 0) {
            at++;
        }
        events.add(at, late);
        PairReplay.Outcome after = PairReplay.replay(pair.base(), appliedBefore, events, horizon);

        history.put(late, after.applied()[at]);
        for (int i = 0; i < replayable.size(); i++) {
            boolean applied = after.applied()[i < at ? i : i + 1];
            if (applied != replayable.get(i).applied()) {
                history.put(replayable.get(i).event(), applied);
            }
        }
        pairs.put(pairKey, pair.remembering(late).withHead(after.state(), pair.last()).encode());
        counters.recordDuplicates(duplicates(after) - duplicates(before));
        emit(Correction.between(before, after), late);
    }

    private static int duplicates(PairReplay.Outcome outcome) {
        int count = 0;
        for (boolean applied : outcome.applied()) {
            count += applied ? 0 : 1;
        }
        return count;
    }

    private void emit(BillingRules.Step step, TrafficEvent event) {
        Verdict verdict = step.verdict();
        if (verdict.opened() != null) {
            emitOpened(verdict.opened(), event);
        } else if (verdict.rejected()) {
            emitRejected(Rejection.of(event), event);
        }
        if (priced != null) {
            if (verdict.opened() != null) {
                priced.opened(verdict.opened(), event);
            }
            if (step.billed() != null) {
                priced.billed(step.billed(), event);
            }
        }
    }

    private void emit(Correction correction, TrafficEvent late) {
        String businessId = late.pair().businessId();
        for (Conversation conversation : correction.voided()) {
            counters.recordVoided();
            context.forward(new Record<>(businessId, AvroEvents.voided(conversation, late.eventId()), late.timestamp()), BillingTopology.VOIDED_SINK);
        }
        correction.opened().forEach(conversation -> emitOpened(conversation, late));
        for (Rejection rejection : correction.withdrawn()) {
            counters.recordWithdrawn();
            context.forward(new Record<>(businessId, AvroEvents.withdrawn(rejection, late.eventId()), late.timestamp()), BillingTopology.WITHDRAWN_SINK);
        }
        correction.rejected().forEach(rejection -> emitRejected(rejection, late));
        if (priced != null) {
            priced.corrected(correction, late);
        }
    }

    private void emitOpened(Conversation conversation, TrafficEvent cause) {
        counters.recordOpened(conversation.category());
        context.forward(new Record<>(cause.pair().businessId(), AvroEvents.opened(conversation), cause.timestamp()), BillingTopology.OPENED_SINK);
    }

    private void emitRejected(Rejection rejection, TrafficEvent cause) {
        counters.recordRejected();
        context.forward(new Record<>(cause.pair().businessId(), AvroEvents.rejected(rejection), cause.timestamp()), BillingTopology.REJECTED_SINK);
    }

    /**
     * A pair's maintenance, when it comes due: every event before {@code stream time - correction horizon} can no
     * longer be preceded by a correctable event, so it is folded into the base state; a copy at or before that bound
     * minus the deduplication horizon can no longer make a correctable event a duplicate, so it is forgotten, and the
     * history filter is rebuilt from what is kept. Once nothing is left and every window of the pair has ended before
     * the bound, the pair record goes too. Otherwise the pair is due again one correction horizon later, or when it can
     * be freed, whichever is first. Returns the state entries freed.
     */
    private int maintain(byte[] key, long streamTime) {
        Bytes pairKey = Bytes.wrap(key);
        byte[] stored = pairs.get(pairKey);
        if (stored == null) {
            return 0;
        }
        PairRecord pair = PairRecord.decode(stored);
        if (pair.maintainAt() > streamTime) {
            return 0; // due later: another index entry stands for it
        }
        long correctableFrom = streamTime - correctionHorizon.toMillis();
        long forgettableUpTo = correctableFrom - horizon.millis();
        List<PairHistory.Entry> entries = new ArrayList<>(history.read(PairKey.decode(key)));
        entries.sort(O_ORDER);
        PairState base = pair.base();
        HistoryFilter kept = HistoryFilter.EMPTY;
        int freed = 0;
        for (PairHistory.Entry entry : entries) {
            TrafficEvent event = entry.event();
            if (entry.applied() && event.timestamp() >= pair.baseUntil() && event.timestamp() < correctableFrom) {
                base = BillingRules.apply(base, event).state();
            }
            if (event.timestamp() <= forgettableUpTo) {
                history.delete(event);
                freed++;
            } else {
                kept = kept.with(event);
            }
        }
        if (entries.stream().allMatch(e -> e.event().timestamp() <= forgettableUpTo)
                && pair.head().retainUntil() <= correctableFrom) {
            pairs.delete(pairKey);
            return freed + 1;
        }
        long next = Math.min(streamTime + correctionHorizon.toMillis(), freeAt(pair));
        pairs.put(pairKey, pair.withBase(base, Math.max(pair.baseUntil(), correctableFrom), next).withKept(kept).encode());
        expiry.schedule(next, key);
        return freed;
    }

    /**
     * From this stream time on nothing of the pair can change a decision: every window has ended and the last event
     * can deduplicate nothing, both before the oldest time a correctable event may have.
     */
    private long freeAt(PairRecord pair) {
        return Math.max(pair.head().retainUntil(), pair.last().timestamp() + horizon.millis()) + correctionHorizon.toMillis();
    }
}
