package dev.convometer.app.replay;

import dev.convometer.domain.pricing.CountedEntry;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.Counter;
import dev.convometer.domain.pricing.CounterBook;
import dev.convometer.domain.pricing.CounterChange;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.CounterHead;
import dev.convometer.domain.pricing.CounterItems;
import dev.convometer.domain.pricing.ItemKey;
import dev.convometer.domain.pricing.MemoryCounterItems;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.topology.BillingCounters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replay's counter stage (PRICING 7.11-7.13), on the writer thread: the same {@link CounterBook} as the service's, over
 * memory. In arrival order each counter holds its items in P-ORDER, as live. In O-ORDER items reach each counter in
 * P-ORDER already (record order: {@link RecordOrder}), each one after the last, so a counter keeps only its head and its
 * last item: memory grows with the counters, not with what they count.
 */
final class ReplayCounters {
    private final CounterBook book;
    private final BillingCounters counters;
    private final CounterItems items;

    private ReplayCounters(PricingRules rules, BillingCounters counters, CounterItems items) {
        this.book = new CounterBook(rules);
        this.counters = counters;
        this.items = items;
    }

    /** Counters for arrival order: any item may come before items already counted. */
    static ReplayCounters anyOrder(PricingRules rules, BillingCounters counters) {
        return new ReplayCounters(rules, counters, new MemoryCounterItems());
    }

    /** Counters for O-ORDER: every item comes after those already counted in its counter. */
    static ReplayCounters inOrder(PricingRules rules, BillingCounters counters) {
        return new ReplayCounters(rules, counters, new LastItems());
    }

    /** One delta as one net step: what to void and what to emit. */
    CounterChange apply(CounterDelta delta) {
        CounterChange change = book.apply(items, delta.counter(), delta.retracts(), delta.adds());
        change.voided().forEach(counters::recordPricedVoided);
        change.emitted().forEach(counters::recordPriced);
        return change;
    }

    /** The record of an item counted after every item of its counter so far (O-ORDER). */
    PricedItem next(CountedItem item) {
        CounterChange change = book.apply(items, item.counter(), List.of(), List.of(item));
        if (!change.voided().isEmpty() || change.emitted().size() != 1) {
            throw new IllegalStateException("counting in O-ORDER changed more than its item: " + change);
        }
        counters.recordPriced(change.emitted().get(0));
        return change.emitted().get(0);
    }

    /**
     * Each counter's head and last item only (O-ORDER): an item always comes after the last, so nothing else is ever
     * asked for; anything else is a fault of ours, and says so.
     */
    private static final class LastItems implements CounterItems {
        private final Map<Counter, CounterHead> heads = new HashMap<>();
        private final Map<Counter, CountedEntry> last = new HashMap<>();

        @Override
        public CounterHead head(Counter counter) {
            return heads.get(counter);
        }

        @Override
        public void putHead(Counter counter, CounterHead head) {
            heads.put(counter, head);
        }

        @Override
        public CountedEntry get(Counter counter, ItemKey key) {
            CountedEntry entry = last.get(counter);
            return entry != null && entry.item().key().equals(key) ? entry : null;
        }

        @Override
        public ItemKey before(Counter counter, ItemKey key) {
            if (key != null) {
                throw outOfOrder(counter, key);
            }
            CountedEntry entry = last.get(counter);
            return entry == null ? null : entry.item().key();
        }

        @Override
        public ItemKey after(Counter counter, ItemKey key) {
            throw outOfOrder(counter, key);
        }

        @Override
        public void put(Counter counter, CountedEntry entry) {
            CountedEntry previous = last.get(counter);
            if (previous != null && entry.item().key().compareTo(previous.item().key()) < 0) {
                throw outOfOrder(counter, entry.item().key());
            }
            last.put(counter, entry);
        }

        @Override
        public void delete(Counter counter, ItemKey key) {
            throw outOfOrder(counter, key);
        }

        private static IllegalStateException outOfOrder(Counter counter, ItemKey key) {
            return new IllegalStateException("counter " + counter.key() + " was given " + key + " out of P-ORDER in an"
                    + " O-ORDER replay");
        }
    }
}
