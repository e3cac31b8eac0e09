package dev.convometer.domain.pricing;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A priced item whose price is its rank's in a monthly counter (7.11). {@code item} is the item as slice A prices it
 * (nothing free by count, the first band): every field but the rank's is final. {@code localDate} is the one its rate
 * is looked up by, so the counter stage can price it again at any rank without its account.
 */
public record CountedItem(PricedItem item, Counter counter, LocalDate localDate) implements Priced {
    public CountedItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(localDate, "localDate");
    }

    /** The item's place in its counter (P-ORDER: record order). */
    public ItemKey key() {
        return item.key();
    }
}
