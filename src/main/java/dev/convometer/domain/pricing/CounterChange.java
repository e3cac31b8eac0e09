package dev.convometer.domain.pricing;

import java.util.List;

/** What one counter step changed: the records to void, then the records to emit, each in record order. */
public record CounterChange(List<PricedItem> voided, List<PricedItem> emitted) {
    public boolean isEmpty() {
        return voided.isEmpty() && emitted.isEmpty();
    }
}
