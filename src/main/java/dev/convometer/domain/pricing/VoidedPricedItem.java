package dev.convometer.domain.pricing;

import java.util.Objects;

/** A priced record that no longer holds after a late event (P-CORRECT): the record it cancels, and that event's id. */
public record VoidedPricedItem(PricedItem item, String voidedBy) {
    public VoidedPricedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(voidedBy, "voidedBy");
    }
}
