package dev.convometer.domain.pricing;

import java.util.List;
import java.util.Objects;

/**
 * What one event changes in one counter (7.13): the counted items it retracts and adds, whole, and the event that caused
 * them ({@code voided_by} of what the counter step voids). The pair stage sends it; the counter stage applies it as one
 * net step ({@link CounterBook#apply}).
 */
public record CounterDelta(Counter counter, List<CountedItem> retracts, List<CountedItem> adds, String causedBy) {
    public CounterDelta {
        Objects.requireNonNull(counter, "counter");
        retracts = List.copyOf(retracts);
        adds = List.copyOf(adds);
        Objects.requireNonNull(causedBy, "causedBy");
        for (CountedItem item : retracts) {
            sameCounter(counter, item);
        }
        for (CountedItem item : adds) {
            sameCounter(counter, item);
        }
    }

    private static void sameCounter(Counter counter, CountedItem item) {
        if (!item.counter().equals(counter)) {
            throw new IllegalArgumentException("a delta of " + counter.key() + " holds an item of " + item.counter().key());
        }
    }
}
