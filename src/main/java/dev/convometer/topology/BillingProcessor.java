package dev.convometer.topology;

import dev.convometer.avro.InputEvent;
import dev.convometer.domain.BillingRules;
import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairState;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.Verdict;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies the billing rules to each event of a pair: D-DEDUP against the deduplication store, then one read and at
 * most one write of the pair's state record. A stream-time punctuator frees what has expired through the
 * {@link ExpiryIndex}; the rules never rely on it having run.
 */
final class BillingProcessor implements Processor<Pair, InputEvent, String, SpecificRecord> {
    private final DeduplicationHorizon horizon;
    private final Duration expiryInterval;
    private final BillingCounters counters;
    private final String openedSink;
    private final String rejectedSink;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Bytes, byte[]> pairs;
    private KeyValueStore<Bytes, byte[]> seen;
    private ExpiryIndex expiry;

    BillingProcessor(BillingSettings settings, BillingCounters counters) {
        this.horizon = settings.horizon();
        this.expiryInterval = settings.expiryInterval();
        this.counters = counters;
        this.openedSink = BillingTopology.OPENED_SINK;
        this.rejectedSink = BillingTopology.REJECTED_SINK;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pairs = context.getStateStore(BillingTopology.PAIR_STATE_STORE);
        this.seen = context.getStateStore(BillingTopology.DEDUP_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(BillingTopology.EXPIRY_INDEX_STORE),
                context.getStateStore(BillingTopology.EXPIRY_CURSOR_STORE));
        context.schedule(expiryInterval, PunctuationType.STREAM_TIME, streamTime -> counters.recordExpiredFreed(expiry.expire(streamTime, this::free)));
    }

    @Override
    public void process(Record<Pair, InputEvent> record) {
        TrafficEvent event = AvroEvents.toDomain(record.value().getEvent());
        counters.recordEvent(event.kind());
        Bytes pairKey = Bytes.wrap(PairKey.encode(event.pair()));
        if (isDuplicate(pairKey.get(), event)) {
            counters.recordDuplicate();
            return;
        }
        byte[] stored = pairs.get(pairKey);
        PairState before = stored == null ? PairState.EMPTY : PairStateCodec.decode(stored);
        BillingRules.Step step = BillingRules.apply(before, event);
        if (!step.state().equals(before)) {
            pairs.put(pairKey, PairStateCodec.encode(step.state()));
            long retainUntil = step.state().retainUntil();
            if (retainUntil > before.retainUntil()) {
                expiry.schedule(retainUntil, ExpiryIndex.PAIR, pairKey.get());
            }
        }
        emit(step.verdict(), event);
    }

    /** D-DEDUP; a first sighting is remembered until the horizon has passed in event time. */
    private boolean isDuplicate(byte[] pairKey, TrafficEvent event) {
        Bytes key = Bytes.wrap(PairKey.dedupKey(pairKey, event.kind(), event.eventId()));
        byte[] firstSeen = seen.get(key);
        long t = event.timestamp();
        if (firstSeen != null && horizon.isDuplicate(ByteBuffer.wrap(firstSeen).getLong(), t)) {
            return true;
        }
        seen.put(key, ByteBuffer.allocate(8).putLong(t).array());
        expiry.schedule(horizon.forgetAt(t), ExpiryIndex.DEDUP, key.get());
        return false;
    }

    private void emit(Verdict verdict, TrafficEvent event) {
        String businessId = event.pair().businessId();
        if (verdict.opened() != null) {
            counters.recordOpened(verdict.opened().category());
            context.forward(new Record<>(businessId, AvroEvents.opened(verdict.opened()), event.timestamp()), openedSink);
        } else if (verdict.rejected()) {
            counters.recordRejected();
            context.forward(new Record<>(businessId, AvroEvents.rejected(dev.convometer.domain.Rejection.of(event)), event.timestamp()), rejectedSink);
        }
    }

    /** Frees an entry whose index time has come, unless a later event pushed its end further (then it is indexed again). */
    private boolean free(byte type, byte[] key, long streamTime) {
        Bytes storeKey = Bytes.wrap(key);
        if (type == ExpiryIndex.PAIR) {
            byte[] stored = pairs.get(storeKey);
            if (stored != null && PairStateCodec.decode(stored).retainUntil() <= streamTime) {
                pairs.delete(storeKey);
                return true;
            }
            return false;
        }
        byte[] firstSeen = seen.get(storeKey);
        if (firstSeen != null && horizon.forgetAt(ByteBuffer.wrap(firstSeen).getLong()) <= streamTime) {
            seen.delete(storeKey);
            return true;
        }
        return false;
    }
}
