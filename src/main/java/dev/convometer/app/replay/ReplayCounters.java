package dev.convometer.app.replay;

import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.CounterBook;
import dev.convometer.domain.pricing.CounterChange;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.CounterItems;
import dev.convometer.domain.pricing.MemoryCounterItems;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.topology.BillingCounters;
import java.util.HashMap;
import java.util.Map;

/**
 * Replay's counter stage (PRICING 7.11-7.13), on the writer thread. In arrival order, the same {@link CounterBook} as
 * the service's, each counter's items in P-ORDER in memory, as live. In O-ORDER items reach each counter in P-ORDER
 * already (record order: {@link RecordOrder}), each one after the last: its rank is the counter's size, so a counter is
 * one number, and memory grows with the counters, not with what they count.
 */
final class ReplayCounters {
    private final PricingRules rules;
    private final CounterBook book;
    private final BillingCounters counters;
    private final CounterItems items = new MemoryCounterItems();
    /** O-ORDER: each counter's size, by counter key. */
    private final Map<String, long[]> sizes = new HashMap<>();

    ReplayCounters(PricingRules rules, BillingCounters counters) {
        this.rules = rules;
        this.book = new CounterBook(rules);
        this.counters = counters;
    }

    /** One delta as one net step: what to void and what to emit. */
    CounterChange apply(CounterDelta delta) {
        CounterChange change = book.apply(items, delta.counter(), delta.retracts(), delta.adds());
        change.voided().forEach(counters::recordPricedVoided);
        change.emitted().forEach(counters::recordPriced);
        return change;
    }

    /** The record of an item counted after every item of its counter so far (O-ORDER): ranked by the counter's size. */
    PricedItem next(CountedItem item) {
        long rank = ++sizes.computeIfAbsent(item.counter().key(), key -> new long[1])[0];
        PricedItem record = rules.ranked(item, rank);
        counters.recordPriced(record);
        return record;
    }
}
