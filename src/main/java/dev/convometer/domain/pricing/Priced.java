package dev.convometer.domain.pricing;

/** What pricing makes of an item: its priced record, or, when its price depends on a monthly counter, a counted item. */
public sealed interface Priced permits PricedItem, CountedItem {
}
