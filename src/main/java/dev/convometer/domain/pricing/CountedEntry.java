package dev.convometer.domain.pricing;

/** A counter's item and the record emitted for it (null only while a counter step has yet to price it). */
public record CountedEntry(CountedItem item, PricedItem record) {
}
