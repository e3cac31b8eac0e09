package dev.convometer.domain.pricing;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * One checked version of a business account: from {@code validFrom} (epoch ms; null = always) on, its WABA, portfolio,
 * time zone and currency apply (P-ACCOUNT).
 */
public record AccountVersion(Long validFrom, String wabaId, String portfolioId, ZoneId timeZone, String currency) {
    /** The names Java knows, read once: {@link ZoneId#getAvailableZoneIds()} copies them at every call. */
    private static final Set<String> ZONE_NAMES = Set.copyOf(ZoneId.getAvailableZoneIds());

    public AccountVersion {
        Objects.requireNonNull(wabaId, "waba_id");
        Objects.requireNonNull(portfolioId, "portfolio_id");
        Objects.requireNonNull(timeZone, "time_zone");
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * A name of the IANA time zone database as Java knows it ({@code Asia/Kolkata}, {@code UTC}), case-sensitive; null
     * for anything else, offsets such as {@code +05:30} or {@code UTC+1} included: an account's zone has rules, not a
     * fixed offset chosen by whoever typed it.
     */
    public static ZoneId zoneOf(String name) {
        if (name == null || !ZONE_NAMES.contains(name)) {
            return null;
        }
        return ZoneId.of(name);
    }

    /** Three capital ASCII letters, with {@code $US} read as {@code USD}; null for anything else. */
    public static String currencyOf(String code) {
        if ("$US".equals(code)) {
            return "USD";
        }
        if (code == null || code.length() != 3) {
            return null;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return null;
            }
        }
        return code;
    }
}
