package dev.convometer.domain.pricing;

/** Why an item has no amount (7.8 {@code unpriced_reason}). */
public enum UnpricedReason {
    LEGACY_ERA("legacy_era"),
    NO_RATE("no_rate");

    private final String wireName;

    UnpricedReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
