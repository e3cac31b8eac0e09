package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.SourceLine;
import dev.convometer.domain.TrafficEvent;
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
     * a line's target; a priced item whose target has a {@link RecordOrder} goes there instead, to be written in record order.
     */
    void write(Writer[] writers, RecordOrder[] ordered) throws IOException {
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
            if (ordered[target] != null) {
                ordered[target].add((PricedItem) line);
            } else {
                writers[target].write(text(line));
                writers[target].write('\n');
            }
            at[from]++;
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
