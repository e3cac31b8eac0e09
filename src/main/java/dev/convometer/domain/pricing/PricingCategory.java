package dev.convometer.domain.pricing;

import dev.convometer.domain.Category;

/**
 * What an item is priced as (7.8 {@code pricing_category}) and the rate card's {@code category} column. It is
 * {@link Category} plus {@code authentication_international}, which only the rate card knows so far (checked, not used).
 */
public enum PricingCategory {
    MARKETING("marketing"),
    UTILITY("utility"),
    AUTHENTICATION("authentication"),
    AUTHENTICATION_INTERNATIONAL("authentication_international"),
    SERVICE("service"),
    FREE_ENTRY_POINT("free_entry_point");

    private final String wireName;

    PricingCategory(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** TIERED_CATEGORIES (7.1): the only categories a rate row may have bands in. */
    public boolean tiered() {
        return this == UTILITY || this == AUTHENTICATION || this == AUTHENTICATION_INTERNATIONAL;
    }

    /** SPAN_CATEGORIES (7.1): a CBP conversation of these still covers its messages after 2025-07-01 (P-PMP-SPAN). */
    public boolean spansEras() {
        return this == UTILITY;
    }

    public static PricingCategory of(Category category) {
        return switch (category) {
            case MARKETING -> MARKETING;
            case UTILITY -> UTILITY;
            case AUTHENTICATION -> AUTHENTICATION;
            case SERVICE -> SERVICE;
            case FREE_ENTRY_POINT -> FREE_ENTRY_POINT;
        };
    }

    /** A rate card's category: any but free_entry_point, with {@code authentication-international} also accepted; else null. */
    static PricingCategory ofRateCard(String name) {
        if ("authentication-international".equals(name)) {
            return AUTHENTICATION_INTERNATIONAL;
        }
        for (PricingCategory category : values()) {
            if (category != FREE_ENTRY_POINT && category.wireName.equals(name)) {
                return category;
            }
        }
        return null;
    }
}
