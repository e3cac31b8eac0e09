package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.ReplayState;
import dev.convometer.topology.ReplayTask;
import dev.convometer.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bills a stream of events on several threads, with the same result as one billing task, byte for byte.
 *
 * <p>Pairs never influence each other (SPEC section 1), so each thread ({@link Shard}) bills the pairs whose hash falls
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
    }

    /** Told how many events were handed out, after each batch. */
    interface Progress {
        void billed(long events);
    }

    private static final int BATCH = 1024;
    private static final int QUEUED_BATCHES = 16;
    private static final Batch END = new Batch(0);

    private static final int OPENED = 0;
    private static final int REJECTED = 1;
    private static final int VOIDED = 2;
    private static final int WITHDRAWN = 3;
    private static final int DEAD_LETTER = 4;

    private final BillingSettings settings;
    private final BillingCounters counters;
    private final Topics topics;
    private final ReplayState state;
    private final int threads;
    /** Indexed by OPENED .. DEAD_LETTER; null where not asked for. */
    private final Writer[] writers;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder deadLetters = new LongAdder();

    /**
     * @param deadLetters where the billing node's dead letters (too late to correct) go; null: counted only
     */
    ShardedBilling(BillingSettings settings, BillingCounters counters, Topics topics, ReplayState state, int threads,
                   Replay.Outputs outputs, Writer deadLetters) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.settings = settings;
        this.counters = counters;
        this.topics = topics;
        this.state = state;
        this.threads = threads;
        this.writers = new Writer[] {outputs.opened(), outputs.rejected(), outputs.voided(), outputs.withdrawn(), deadLetters};
    }

    /** One batch of events with their stream times and shards, and what each shard emitted for them. */
    private static final class Batch {
        final TrafficEvent[] events;
        final long[] streamTimes;
        final int[] shards;
        final Lines[] lines;
        final CountDownLatch done;
        int size;

        Batch(int shardCount) {
            events = new TrafficEvent[BATCH];
            streamTimes = new long[BATCH];
            shards = new int[BATCH];
            lines = new Lines[shardCount];
            done = new CountDownLatch(shardCount);
        }
    }

    /** Output lines of one shard for one batch, each with the index of the event that caused it. */
    private static final class Lines {
        int[] index = new int[16];
        int[] target = new int[16];
        String[] text = new String[16];
        int size;

        void add(int event, int to, String line) {
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                target = Arrays.copyOf(target, size * 2);
                text = Arrays.copyOf(text, size * 2);
            }
            index[size] = event;
            target[size] = to;
            text[size] = line;
            size++;
        }
    }

    /** Bills every event of {@code events}; returns the dead letters of the billing node (too late to correct). */
    long run(Events events, Progress progress) throws IOException {
        List<Shard> shards = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        BlockingQueue<Batch> toWrite = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        try {
            for (int i = 0; i < threads; i++) {
                shards.add(new Shard(i, new ReplayTask(settings, counters, topics, state)));
            }
            for (Shard shard : shards) {
                running.add(start("convo-meter-replay-billing-" + shard.id, shard));
            }
            running.add(start("convo-meter-replay-writer", () -> write(toWrite)));
            feed(events, progress, shards, toWrite);
        } finally {
            if (!running.isEmpty()) {
                for (Shard shard : shards) {
                    put(shard.queue, END);
                }
                put(toWrite, END);
                for (Thread thread : running) {
                    join(thread);
                }
            }
            shards.forEach(shard -> shard.task.close());
        }
        rethrow(failure.get());
        return deadLetters.sum();
    }

    private void feed(Events events, Progress progress, List<Shard> shards, BlockingQueue<Batch> toWrite) throws IOException {
        long streamTime = Long.MIN_VALUE;
        long handedOut = 0;
        Batch batch = new Batch(threads);
        for (TrafficEvent event = events.next(); event != null && failure.get() == null; event = events.next()) {
            streamTime = Math.max(streamTime, event.timestamp());
            int i = batch.size++;
            batch.events[i] = event;
            batch.streamTimes[i] = streamTime;
            batch.shards[i] = shardOf(event.pair());
            if (batch.size == BATCH) {
                handOut(batch, shards, toWrite);
                handedOut += batch.size;
                progress.billed(handedOut);
                batch = new Batch(threads);
            }
        }
        if (batch.size > 0) {
            handOut(batch, shards, toWrite);
        }
    }

    private void handOut(Batch batch, List<Shard> shards, BlockingQueue<Batch> toWrite) {
        for (Shard shard : shards) {
            put(shard.queue, batch);
        }
        put(toWrite, batch);
    }

    /** Spreads pairs over the shards; any function of the pair alone would do, the output does not depend on it. */
    private int shardOf(Pair pair) {
        int hash = pair.businessId().hashCode() * 31 + pair.customerId().hashCode();
        hash ^= hash >>> 16;
        return Math.floorMod(hash, threads);
    }

    /** One billing task over its pairs: every batch in order, its own events billed, stream time from all. */
    private final class Shard implements Runnable, ReplayTask.Outputs {
        final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        private final int id;
        private final ReplayTask task;
        private Batch batch;
        private Lines lines;
        private int current;

        Shard(int id, ReplayTask task) {
            this.id = id;
            this.task = task;
        }

        @Override
        public void run() {
            while (true) {
                Batch next = take(queue);
                if (next == END) {
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
            lines = new Lines();
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
        public void output(ReplayTask.Output topic, SpecificRecord value) {
            switch (topic) {
                case OPENED -> add(OPENED, () -> BillingJson.opened((ConversationOpened) value));
                case REJECTED -> add(REJECTED, () -> BillingJson.rejected((SendRejected) value));
                case VOIDED -> add(VOIDED, () -> BillingJson.voided((ConversationVoided) value));
                case WITHDRAWN -> add(WITHDRAWN, () -> BillingJson.withdrawn((RejectionWithdrawn) value));
                default -> throw new IllegalArgumentException("unknown output " + topic);
            }
        }

        /**
         * The dead letter of an event the billing node refused (too late to correct), as replay always wrote it: the
         * reason, the event's identity, and the value of the record billing read.
         */
        @Override
        public void deadLetter(String reason, byte[] value) {
            deadLetters.increment();
            TrafficEvent cause = batch.events[current];
            Pair pair = cause.pair();
            add(DEAD_LETTER, () -> BillingJson.object(json -> {
                json.writeStringField("source", "topology");
                json.writeStringField("reason", reason);
                json.writeStringField("type", cause.kind().wireName());
                json.writeStringField("event_id", cause.eventId());
                json.writeStringField("business_id", pair.businessId());
                json.writeStringField("customer_id", pair.customerId());
                json.writeStringField("timestamp", Instant.ofEpochMilli(cause.timestamp()).toString());
                json.writeBinaryField("value", value == null ? new byte[0] : value);
            }));
        }

        private void add(int target, java.util.function.Supplier<String> line) {
            if (writers[target] != null) {
                lines.add(current, target, line.get());
            }
        }
    }

    /** The writer thread: batches in order, each once every shard is done with it, lines in the order of their events. */
    private void write(BlockingQueue<Batch> toWrite) {
        int[] at = new int[threads];
        while (true) {
            Batch batch = take(toWrite);
            if (batch == END) {
                return;
            }
            await(batch.done);
            if (failure.get() != null) {
                continue; // drain, so that nobody waits on a full queue
            }
            try {
                Arrays.fill(at, 0);
                while (true) {
                    int from = -1;
                    for (int s = 0; s < threads; s++) {
                        Lines lines = batch.lines[s];
                        if (at[s] < lines.size && (from < 0 || lines.index[at[s]] < batch.lines[from].index[at[from]])) {
                            from = s;
                        }
                    }
                    if (from < 0) {
                        break;
                    }
                    Lines lines = batch.lines[from];
                    Writer out = writers[lines.target[at[from]]];
                    out.write(lines.text[at[from]]);
                    out.write('\n');
                    at[from]++;
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
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

    private static <T> void put(BlockingQueue<T> queue, T item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while billing", e);
        }
    }

    private static <T> T take(BlockingQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while billing", e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while billing", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while billing", e);
        }
    }
}
