package dev.convometer.app.replay;

import dev.convometer.app.traffic.SourceLine;
import dev.convometer.domain.Pair;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.Topics;
import dev.convometer.topology.replay.ReplayState;
import dev.convometer.topology.replay.ReplayTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bills a stream of events on several threads, with the same result as one billing task, byte for byte.
 *
 * <p>Pairs never influence each other (SPEC section 1), so each thread ({@link BillingShard}) bills the pairs whose hash falls
 * to it, with its own {@link ReplayTask} (processor and stores). What they share is stream time: the caller's thread
 * reads the events, stamps each with the stream time a single task would have after reading it (the greatest timestamp
 * so far, this one's included) and hands them out in batches; every shard walks every batch in order, billing its own
 * events and letting the others move its stream time, so its punctuation fires exactly when the single task's would.
 * A writer thread takes the batches in the same order, waits until every shard is done with one, and writes what they
 * emitted for it in the order of the events that caused it. So the output does not depend on the number of threads.
 * Queues are bounded: memory does not grow with the input.
 */
final class ShardedBilling {
    /** A source of events in the order they are billed; null at the end. */
    interface Events {
        TrafficEvent next() throws IOException;

        /** Where the event {@link #next} returned last was read, for a dead letter of it; null when not kept. */
        default SourceLine source() {
            return null;
        }
    }

    /** Told how many events were handed out, after each batch. */
    interface Progress {
        void billed(long events);
    }

    private static final int BATCH = 1024;
    static final int QUEUED_BATCHES = 16;
    /** Tells the shards and the writer that no batch follows. */
    static final Batch END = new Batch(0, 0);

    private final BillingSettings settings;
    private final BillingCounters counters;
    private final Topics topics;
    private final ReplayState state;
    private final int threads;
    /** Indexed by {@link BillingShard#OPENED} .. {@link BillingShard#COUNTER_DELTAS}; null where not asked for. */
    private final Writer[] writers;
    /** Per target, where its lines are put in record order first; null: written as they come. */
    private final RecordOrder[] ordered;
    /** The counter stage, with pricing; else null. */
    private final ReplayCounters counting;
    private final boolean[] wanted;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder deadLetters = new LongAdder();

    /**
     * @param deadLetters   where the billing node's dead letters (too late to correct) go; null: counted only
     * @param recordOrdered whether the emitted priced records are written in record order (O-ORDER: PRICING 7.10), or
     *                      as they are emitted (arrival order)
     */
    ShardedBilling(BillingSettings settings, BillingCounters counters, Topics topics, ReplayState state, int threads,
                   Replay.Outputs outputs, Writer deadLetters, boolean recordOrdered) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.settings = settings;
        this.counters = counters;
        this.topics = topics;
        this.state = state;
        this.threads = threads;
        this.writers = new Writer[] {outputs.opened(), outputs.rejected(), outputs.voided(), outputs.withdrawn(), deadLetters,
                outputs.pricedConversations(), outputs.pricedMessages(), outputs.pricedConversationsVoided(),
                outputs.pricedMessagesVoided(), null};
        PricingRules pricing = settings.pricing();
        this.counting = pricing == null ? null : new ReplayCounters(pricing, counters);
        this.ordered = new RecordOrder[writers.length];
        for (int target : new int[] {BillingShard.PRICED_CONVERSATION, BillingShard.PRICED_MESSAGE}) {
            // counted items are ranked in record order even when their file is not asked for: the summary has them
            if (recordOrdered && pricing != null) {
                ordered[target] = new RecordOrder(writers[target], counting);
            }
        }
        this.wanted = new boolean[writers.length];
        for (int target = 0; target < writers.length; target++) {
            wanted[target] = writers[target] != null || (target == BillingShard.COUNTER_DELTAS && pricing != null);
        }
    }

    /** Bills every event of {@code events}; returns the dead letters of the billing node (too late to correct). */
    long run(Events events, Progress progress) throws IOException {
        List<BillingShard> shards = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        BlockingQueue<Batch> toWrite = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        try {
            for (int i = 0; i < threads; i++) {
                shards.add(new BillingShard(i, new ReplayTask(settings, counters, topics, state), wanted, failure, deadLetters));
            }
            for (BillingShard shard : shards) {
                running.add(start("convo-meter-replay-billing-" + shard.id(), shard));
            }
            running.add(start("convo-meter-replay-writer", () -> write(toWrite)));
            feed(events, progress, shards, toWrite);
        } finally {
            if (!running.isEmpty()) {
                for (BillingShard shard : shards) {
                    put(shard.queue(), END);
                }
                put(toWrite, END);
                for (Thread thread : running) {
                    join(thread);
                }
            }
            shards.forEach(BillingShard::close);
        }
        rethrow(failure.get());
        return deadLetters.sum();
    }

    private void feed(Events events, Progress progress, List<BillingShard> shards, BlockingQueue<Batch> toWrite) throws IOException {
        long streamTime = Long.MIN_VALUE;
        long handedOut = 0;
        Batch batch = new Batch(BATCH, threads);
        for (TrafficEvent event = events.next(); event != null && failure.get() == null; event = events.next()) {
            streamTime = Math.max(streamTime, event.timestamp());
            int i = batch.size++;
            batch.events[i] = event;
            batch.streamTimes[i] = streamTime;
            batch.shards[i] = shardOf(event.pair());
            batch.sources[i] = events.source();
            if (batch.size == BATCH) {
                handOut(batch, shards, toWrite);
                handedOut += batch.size;
                progress.billed(handedOut);
                batch = new Batch(BATCH, threads);
            }
        }
        if (batch.size > 0) {
            handOut(batch, shards, toWrite);
        }
    }

    private void handOut(Batch batch, List<BillingShard> shards, BlockingQueue<Batch> toWrite) {
        for (BillingShard shard : shards) {
            put(shard.queue(), batch);
        }
        put(toWrite, batch);
    }

    /** Spreads pairs over the shards; any function of the pair alone would do, the output does not depend on it. */
    private int shardOf(Pair pair) {
        int hash = pair.businessId().hashCode() * 31 + pair.customerId().hashCode();
        hash ^= hash >>> 16;
        return Math.floorMod(hash, threads);
    }

    /** The writer thread: batches in order, each once every shard is done with it, lines in the order of their events. */
    private void write(BlockingQueue<Batch> toWrite) {
        while (true) {
            Batch batch = take(toWrite);
            if (batch == END) {
                flushOrdered();
                return;
            }
            await(batch.done);
            if (failure.get() != null) {
                continue; // drain, so that nobody waits on a full queue
            }
            try {
                batch.write(writers, ordered, counting);
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void flushOrdered() {
        if (failure.get() != null) {
            return;
        }
        try {
            for (RecordOrder order : ordered) {
                if (order != null) {
                    order.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof UncheckedIOException e) {
            throw e.getCause();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    static <T> void put(BlockingQueue<T> queue, T item) {
        interruptibly(() -> {
            queue.put(item);
            return null;
        });
    }

    static <T> T take(BlockingQueue<T> queue) {
        return interruptibly(queue::take);
    }

    private static void await(CountDownLatch latch) {
        interruptibly(() -> {
            latch.await();
            return null;
        });
    }

    private static void join(Thread thread) {
        interruptibly(() -> {
            thread.join();
            return null;
        });
    }

    /** A wait of the billing threads. */
    private interface Wait<T> {
        T call() throws InterruptedException;
    }

    private static <T> T interruptibly(Wait<T> wait) {
        try {
            return wait.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while billing", e);
        }
    }
}
