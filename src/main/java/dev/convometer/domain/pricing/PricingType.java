package dev.convometer.domain.pricing;

/** How an item is charged (7.8 {@code pricing_type}). */
public enum PricingType {
    REGULAR("regular"),
    FREE_TIER("free_tier"),
    FREE_CUSTOMER_SERVICE("free_customer_service"),
    FREE_ENTRY_POINT("free_entry_point"),
    CBP_CONVERSATION("cbp_conversation"),
    UNPRICED("unpriced");

    private final String wireName;

    PricingType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
