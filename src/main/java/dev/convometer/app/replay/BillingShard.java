package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.SourceLine;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.topology.replay.ReplayTask;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One thread of {@link ShardedBilling}: one billing task over its share of the pairs. It walks every batch in order,
 * bills its own events and lets the others move its stream time, and keeps what billing emitted as output lines, each
 * with the event that caused it.
 */
final class BillingShard implements Runnable, ReplayTask.Outputs {
    static final int OPENED = 0;
    static final int REJECTED = 1;
    static final int VOIDED = 2;
    static final int WITHDRAWN = 3;
    static final int DEAD_LETTER = 4;
    static final int PRICED_CONVERSATION = 5;
    static final int PRICED_MESSAGE = 6;
    static final int PRICED_CONVERSATION_VOIDED = 7;
    static final int PRICED_MESSAGE_VOIDED = 8;
    /** Counter deltas, for replay's counter stage: wanted whenever pricing is on, as they make priced records. */
    static final int COUNTER_DELTAS = 9;

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(ShardedBilling.QUEUED_BATCHES);
    private final int id;
    private final ReplayTask task;
    /** Indexed by OPENED .. COUNTER_DELTAS: whether the line is kept at all. */
    private final boolean[] wanted;
    private final AtomicReference<Throwable> failure;
    private final LongAdder deadLetters;
    private Batch batch;
    private Batch.Lines lines;
    private int current;

    BillingShard(int id, ReplayTask task, boolean[] wanted, AtomicReference<Throwable> failure, LongAdder deadLetters) {
        this.id = id;
        this.task = task;
        this.wanted = wanted;
        this.failure = failure;
        this.deadLetters = deadLetters;
    }

    int id() {
        return id;
    }

    /** The batches this shard walks, {@link ShardedBilling#END} last. */
    BlockingQueue<Batch> queue() {
        return queue;
    }

    @Override
    public void run() {
        while (true) {
            Batch next = ShardedBilling.take(queue);
            if (next == ShardedBilling.END) {
                return;
            }
            try {
                if (failure.get() == null) {
                    bill(next);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                next.done.countDown();
            }
        }
    }

    private void bill(Batch next) {
        batch = next;
        lines = new Batch.Lines();
        for (int i = 0; i < next.size; i++) {
            if (next.shards[i] == id) {
                current = i;
                task.process(next.events[i], next.streamTimes[i], this);
            } else {
                task.advance(next.streamTimes[i], this);
            }
        }
        next.lines[id] = lines;
        batch = null;
        lines = null;
    }

    @Override
    public void output(ReplayTask.Output topic, Object value) {
        switch (topic) {
            case OPENED -> add(OPENED, () -> BillingJson.opened((ConversationOpened) value));
            case REJECTED -> add(REJECTED, () -> BillingJson.rejected((SendRejected) value));
            case VOIDED -> add(VOIDED, () -> BillingJson.voided((ConversationVoided) value));
            case WITHDRAWN -> add(WITHDRAWN, () -> BillingJson.withdrawn((RejectionWithdrawn) value));
            case PRICED_CONVERSATION -> addPriced(PRICED_CONVERSATION, value);
            case PRICED_MESSAGE -> addPriced(PRICED_MESSAGE, value);
            case PRICED_CONVERSATION_VOIDED -> addPriced(PRICED_CONVERSATION_VOIDED, value);
            case PRICED_MESSAGE_VOIDED -> addPriced(PRICED_MESSAGE_VOIDED, value);
            case COUNTER_DELTAS -> addPriced(COUNTER_DELTAS, value);
            default -> throw new IllegalArgumentException("unknown output " + topic);
        }
    }

    /**
     * The dead letter of an event the billing node refused (too late to correct): its file, line number, the reason and
     * the original line, as a contract dead letter (SPEC 4). Only arrival order has late events, and it keeps each line;
     * the O-ORDER pass keeps none, and a refusal there would be a fault of ours.
     */
    @Override
    public void deadLetter(String reason) {
        SourceLine source = batch.sources[current];
        if (source == null) {
            throw new IllegalStateException("billing refused an event whose line was not kept: " + reason);
        }
        deadLetters.increment();
        add(DEAD_LETTER, () -> source.deadLetter(reason));
    }

    /** Closes the task (its processor and stores). */
    void close() {
        task.close();
    }

    private void add(int target, Supplier<String> line) {
        if (wanted[target]) {
            lines.add(current, target, line.get());
        }
    }

    /** A priced item, emitted or voided, as it is: the writer thread makes its line. */
    private void addPriced(int target, Object item) {
        if (wanted[target]) {
            lines.add(current, target, item);
        }
    }
}
