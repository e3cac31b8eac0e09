package dev.convometer.domain.pricing;

/**
 * CBP_SERVICE_FREE_TIER and PMP_SERVICE_FREE_TIER (7.11). Slice A takes the settings but has no monthly counters, so
 * its only value is 0, which is what it does; slice B lifts the restriction and sets the defaults of 1000.
 */
public record FreeTiers(int cbpService, int pmpService) {
    public static final FreeTiers NONE = new FreeTiers(0, 0);

    public FreeTiers {
        supported("cbp free tier", cbpService);
        supported("pmp service free tier", pmpService);
    }

    /**
     * A setting's text as a supported value (an integer >= 0; in slice A only 0); IllegalArgumentException with a
     * one-line message naming {@code setting} (the option or key, e.g. {@code --cbp-free-tier}) otherwise.
     */
    public static int parse(String setting, String text) {
        if (text == null || !text.strip().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not an integer >= 0");
        }
        int value = Integer.parseInt(text.strip());
        supported(setting, value);
        return value;
    }

    private static void supported(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " " + value + " is not an integer >= 0");
        }
        if (value != 0) {
            throw new IllegalArgumentException(name + " " + value + " is not supported yet: free tiers need the monthly"
                    + " counters, so only 0 is accepted");
        }
    }
}
