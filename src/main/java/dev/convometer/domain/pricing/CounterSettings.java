package dev.convometer.domain.pricing;

/**
 * The settings of the monthly counters (7.11): CBP_SERVICE_FREE_TIER, PMP_SERVICE_FREE_TIER and TIER_SCOPE. A free tier
 * of 0 is slice A's behaviour (nothing free by count); volume tiers always count.
 */
public record CounterSettings(int cbpFreeTier, int pmpServiceFreeTier, TierScope tierScope) {
    /** Meta's 1,000 free service conversations a WABA a month (to 2024-10-31); 1,000 chosen for 2026 (7.14). */
    public static final int DEFAULT_FREE_TIER = 1000;
    public static final CounterSettings DEFAULT = new CounterSettings(DEFAULT_FREE_TIER, DEFAULT_FREE_TIER, TierScope.PORTFOLIO);

    public CounterSettings {
        if (cbpFreeTier < 0 || pmpServiceFreeTier < 0) {
            throw new IllegalArgumentException("a free tier is an integer >= 0: " + cbpFreeTier + ", " + pmpServiceFreeTier);
        }
        if (tierScope == null) {
            throw new IllegalArgumentException("tierScope");
        }
    }

    /**
     * A free tier setting's text as its value (an integer >= 0); IllegalArgumentException with a one-line message naming
     * {@code setting} (the option or key, e.g. {@code --cbp-free-tier}) otherwise.
     */
    public static int parseFreeTier(String setting, String text) {
        if (text == null || !text.strip().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not an integer >= 0");
        }
        return Integer.parseInt(text.strip());
    }
}
