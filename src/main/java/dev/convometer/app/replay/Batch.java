package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.SourceLine;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.CounterChange;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * One batch of {@link ShardedBilling}: events in billing order with the stream time a single task would have after
 * each and the shard that bills it, and the output lines each shard emitted for them.
 */
final class Batch {
    final TrafficEvent[] events;
    final long[] streamTimes;
    final int[] shards;
    /** Where each event was read, when its source kept it. */
    final SourceLine[] sources;
    /** Per shard, set by that shard once it is done with the batch. */
    final Lines[] lines;
    /** Counted down by each shard once it is done with the batch. */
    final CountDownLatch done;
    int size;

    Batch(int capacity, int shardCount) {
        events = new TrafficEvent[capacity];
        streamTimes = new long[capacity];
        shards = new int[capacity];
        sources = new SourceLine[capacity];
        lines = new Lines[shardCount];
        done = new CountDownLatch(shardCount);
    }

    /**
     * Writes what every shard emitted, in the order of the events that caused it (one event's lines in the order it
     * emitted them): the same bytes whatever the number of shards. {@code writers} and {@code ordered} are indexed by
     * a line's target; a priced item whose target has a {@link RecordOrder} goes there instead, to be written in record
     * order. A counter delta goes to {@code counting}: in O-ORDER its item to the record order of its kind, to be ranked
     * there; in arrival order as one counter step, whose voided and emitted records are written at once.
     */
    void write(Writer[] writers, RecordOrder[] ordered, ReplayCounters counting) throws IOException {
        int[] at = new int[lines.length];
        while (true) {
            int from = -1;
            for (int s = 0; s < lines.length; s++) {
                if (at[s] < lines[s].size && (from < 0 || lines[s].index[at[s]] < lines[from].index[at[from]])) {
                    from = s;
                }
            }
            if (from < 0) {
                return;
            }
            Lines source = lines[from];
            int target = source.target[at[from]];
            Object line = source.line[at[from]];
            if (line instanceof CounterDelta delta) {
                count(delta, writers, ordered, counting);
            } else if (ordered[target] != null) {
                ordered[target].add(line);
            } else {
                writers[target].write(text(line));
                writers[target].write('\n');
            }
            at[from]++;
        }
    }

    private static void count(CounterDelta delta, Writer[] writers, RecordOrder[] ordered, ReplayCounters counting)
            throws IOException {
        if (ordered[BillingShard.PRICED_CONVERSATION] != null) {
            if (!delta.retracts().isEmpty()) {
                throw new IllegalStateException("a retract from counter " + delta.counter().key() + " in O-ORDER");
            }
            for (CountedItem item : delta.adds()) {
                ordered[item.item() instanceof PricedConversation ? BillingShard.PRICED_CONVERSATION : BillingShard.PRICED_MESSAGE]
                        .add(item);
            }
            return;
        }
        CounterChange change = counting.apply(delta);
        for (PricedItem item : change.voided()) {
            write(writers, item instanceof PricedConversation ? BillingShard.PRICED_CONVERSATION_VOIDED
                    : BillingShard.PRICED_MESSAGE_VOIDED, new VoidedPricedItem(item, delta.causedBy()));
        }
        for (PricedItem item : change.emitted()) {
            write(writers, item instanceof PricedConversation ? BillingShard.PRICED_CONVERSATION : BillingShard.PRICED_MESSAGE, item);
        }
    }

    private static void write(Writer[] writers, int target, Object line) throws IOException {
        if (writers[target] != null) {
            writers[target].write(text(line));
            writers[target].write('\n');
        }
    }

    private static String text(Object line) {
        if (line instanceof PricedItem item) {
            return BillingJson.priced(item);
        }
        if (line instanceof VoidedPricedItem voided) {
            return BillingJson.pricedVoided(voided);
        }
        return (String) line;
    }

    /**
     * Output lines of one shard for one batch, each with the index of the event that caused it and its target. A priced
     * item is kept as the item and made a line by the writer thread, off the billing thread (a third of pricing's cost
     * there, in a profile).
     */
    static final class Lines {
        private int[] index = new int[16];
        private int[] target = new int[16];
        /** The line, or the priced item (emitted or voided) whose line it is. */
        private Object[] line = new Object[16];
        private int size;

        void add(int event, int to, Object text) {
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                target = Arrays.copyOf(target, size * 2);
                line = Arrays.copyOf(line, size * 2);
            }
            index[size] = event;
            target[size] = to;
            line[size] = text;
            size++;
        }
    }
}
