package dev.convometer.topology.replay;

import dev.convometer.topology.AccountChanges;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.BillingProcessor;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.Topics;
import dev.convometer.topology.ProcessingErrorHandler;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The billing node of {@link BillingTopology} run without Kafka Streams, for replay: the same {@link BillingProcessor},
 * the same store names, keys and codecs, the same rules, fed one event at a time with the stream time a live task would
 * have when it processes that event. This class is the processor's whole context: state stores ({@link MemoryStore},
 * built from the topology's store names), stream-time punctuation fired as Kafka Streams' {@code PunctuationQueue}
 * fires it (first due at 0, due whenever stream time reaches the scheduled time, checked after each record, then
 * rescheduled at the next multiple of the interval after stream time), and the records forwarded to the four sinks,
 * handed to {@link Outputs}.
 *
 * <p>An event the processor refuses with a {@link ContractViolation} (too late to correct, SPEC 3a L-TOO-LATE) is a
 * dead letter, as {@link ProcessingErrorHandler} makes it in the service: {@link Outputs#deadLetter} gets the reason
 * (replay writes it with the event's original line). Any other exception is a fault and is thrown.
 *
 * <p>One instance is one task: not thread-safe; replay runs one per thread, each on its own pairs.
 */
public final class ReplayTask implements ProcessorContext<String, Object>, AutoCloseable {
    /** The application id replay runs as: it names the pair repartition topic. */
    public static final String APPLICATION_ID = "convo-meter-replay";
    private static final long UNKNOWN = -1L; // Kafka Streams' stream time before any record

    /** The output topics of billing, and of pricing when it is on. */
    public enum Output {
        OPENED, REJECTED, VOIDED, WITHDRAWN, PRICED_CONVERSATION, PRICED_MESSAGE, PRICED_CONVERSATION_VOIDED, PRICED_MESSAGE_VOIDED,
        /** A counter delta (PRICING 7.13): replay's own counter stage takes it. */
        COUNTER_DELTAS
    }

    /**
     * Receives what billing writes: the Avro record of a billing output, the priced item ({@code PricedItem}, or
     * {@code VoidedPricedItem} for the voided outputs) of a priced one, the {@code CounterDelta} of a counted one.
     */
    public interface Outputs {
        void output(Output topic, Object value);

        /** A dead letter of the billing node (too late to correct) for the event being billed: the reason. */
        void deadLetter(String reason);
    }

    private static final Map<String, Output> SINKS = Map.of(BillingTopology.OPENED_SINK, Output.OPENED,
            BillingTopology.REJECTED_SINK, Output.REJECTED, BillingTopology.VOIDED_SINK, Output.VOIDED,
            BillingTopology.WITHDRAWN_SINK, Output.WITHDRAWN, BillingTopology.PRICED_CONVERSATION_SINK, Output.PRICED_CONVERSATION,
            BillingTopology.PRICED_MESSAGE_SINK, Output.PRICED_MESSAGE,
            BillingTopology.PRICED_CONVERSATION_VOIDED_SINK, Output.PRICED_CONVERSATION_VOIDED,
            BillingTopology.PRICED_MESSAGE_VOIDED_SINK, Output.PRICED_MESSAGE_VOIDED,
            BillingTopology.COUNTER_DELTAS, Output.COUNTER_DELTAS);

    private final Topics topics;
    private final BillingCounters counters;
    private final Map<String, StateStore> stores;
    private final BillingProcessor processor;
    private long streamTime = UNKNOWN;
    private Punctuator punctuator;
    private long interval;
    private long nextPunctuation;
    private Outputs outputs;

    /** A task with its own stores; those that grow with the events where {@code state} keeps them. Close it when done. */
    public ReplayTask(BillingSettings settings, BillingCounters counters, Topics topics, ReplayState state) {
        this.topics = topics;
        this.counters = counters;
        int task = state.nextTask();
        // Only the history (prefix scans per pair: grouped by pair) and the expiry index (range scans by time) are scanned.
        this.stores = Map.of(
                BillingTopology.PAIR_STATE_STORE, MemoryStore.pointOnly(BillingTopology.PAIR_STATE_STORE),
                BillingTopology.PAIR_HISTORY_STORE, state.onDisk()
                        ? state.diskStore(BillingTopology.PAIR_HISTORY_STORE, task) : new PairGroupedStore(BillingTopology.PAIR_HISTORY_STORE),
                BillingTopology.EXPIRY_INDEX_STORE, MemoryStore.sorted(BillingTopology.EXPIRY_INDEX_STORE),
                BillingTopology.EXPIRY_CURSOR_STORE, MemoryStore.<String, Long>pointOnly(BillingTopology.EXPIRY_CURSOR_STORE),
                // read only, by every task: the accounts replay read before any event (P-ACCOUNT-LIVE)
                BillingTopology.ACCOUNTS_STORE, state.accounts());
        // replay reads every account before any event: the store does not change while tasks read it
        this.processor = new BillingProcessor(settings, counters, new AccountChanges());
        processor.init(this);
    }

    /** Closes the processor and the stores. */
    @Override
    public void close() {
        processor.close();
        stores.forEach((name, store) -> {
            if (!name.equals(BillingTopology.ACCOUNTS_STORE)) {
                store.close(); // the accounts are the state's, shared by every task
            }
        });
    }

    /**
     * Bills one event; {@code streamTime} is the task's stream time with this event read (the greatest timestamp read so
     * far, this one's included). Punctuation due at that stream time fires after it.
     */
    public void process(TrafficEvent event, long streamTime, Outputs outputs) {
        this.streamTime = Math.max(this.streamTime, streamTime);
        this.outputs = outputs;
        try {
            // what KeyByPair forwards in the service: the checked event, keyed by its pair, at its event time
            Record<Pair, TrafficEvent> record = new Record<>(event.pair(), event, event.timestamp());
            try {
                processor.process(record);
            } catch (ContractViolation violation) {
                counters.recordDeadLetter();
                outputs.deadLetter(String.valueOf(violation.getMessage()));
            }
            punctuate();
        } finally {
            this.outputs = null;
        }
    }

    /** Another task's event moved stream time: punctuation due at it fires here too, as in the one task it stands for. */
    public void advance(long streamTime, Outputs outputs) {
        this.streamTime = Math.max(this.streamTime, streamTime);
        if (punctuator != null && nextPunctuation <= this.streamTime) {
            this.outputs = outputs;
            try {
                punctuate();
            } finally {
                this.outputs = null;
            }
        }
    }

    private void punctuate() {
        if (punctuator != null && streamTime != UNKNOWN && nextPunctuation <= streamTime) {
            long scheduled = nextPunctuation;
            punctuator.punctuate(streamTime);
            // PunctuationSchedule.next: the next multiple of the interval after stream time
            long next = scheduled + interval;
            if (streamTime >= next) {
                next = scheduled + ((streamTime - scheduled) / interval + 1) * interval;
            }
            nextPunctuation = next;
        }
    }

    @Override
    public <K extends String, V> void forward(Record<K, V> record) {
        throw new UnsupportedOperationException("billing forwards to a named sink");
    }

    @Override
    public <K extends String, V> void forward(Record<K, V> record, String childName) {
        Output output = SINKS.get(childName);
        if (output == null) {
            throw new IllegalArgumentException("no sink named " + childName);
        }
        if (outputs == null) {
            throw new IllegalStateException("billing forwarded outside of processing");
        }
        outputs.output(output, record.value());
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
        @SuppressWarnings("unchecked")
        S store = (S) stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("no state store " + name);
        }
        return store;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        if (type != PunctuationType.STREAM_TIME || punctuator != null) {
            throw new UnsupportedOperationException("replay runs one stream-time punctuator");
        }
        this.punctuator = callback;
        this.interval = interval.toMillis();
        this.nextPunctuation = 0L; // StreamTask.schedule: stream-time punctuation is aligned to 0
        return () -> punctuator = null;
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        throw new UnsupportedOperationException("replay runs one stream-time punctuator aligned to 0");
    }

    @Override
    public long currentStreamTimeMs() {
        return streamTime;
    }

    @Override
    public long currentSystemTimeMs() {
        return System.currentTimeMillis();
    }

    @Override
    public String applicationId() {
        return APPLICATION_ID;
    }

    @Override
    public TaskId taskId() {
        return new TaskId(1, 0);
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.empty();
    }

    @Override
    public Serde<?> keySerde() {
        return topics.pairSerde;
    }

    @Override
    public Serde<?> valueSerde() {
        return topics.repartitionSerde;
    }

    @Override
    public File stateDir() {
        throw new UnsupportedOperationException("replay keeps its state in memory");
    }

    @Override
    public StreamsMetrics metrics() {
        throw new UnsupportedOperationException("replay has no Kafka Streams metrics");
    }

    @Override
    public void commit() {
        // nothing to commit: the state lives as long as the replay
    }

    @Override
    public Map<String, Object> appConfigs() {
        return Map.of();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return Map.of();
    }
}
