package dev.convometer.domain.pricing;

/** TIER_SCOPE (7.11): whose monthly volume a volume-tier counter counts, the business portfolio's or the WABA's. */
public enum TierScope {
    PORTFOLIO("portfolio"),
    WABA("waba");

    private final String wireName;

    TierScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** {@code portfolio} or {@code waba}; IllegalArgumentException with a one-line message naming {@code setting} otherwise. */
    public static TierScope parse(String setting, String text) {
        String value = text == null ? "" : text.strip();
        for (TierScope scope : values()) {
            if (scope.wireName.equals(value)) {
                return scope;
            }
        }
        throw new IllegalArgumentException(setting + " '" + text + "' is not portfolio or waba");
    }

    /** The scope id of an item's charge: its portfolio or its WABA. */
    String scopeId(Charge charge) {
        return this == PORTFOLIO ? charge.portfolioId() : charge.wabaId();
    }
}
