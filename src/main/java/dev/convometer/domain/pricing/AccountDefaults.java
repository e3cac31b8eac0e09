package dev.convometer.domain.pricing;

import java.time.ZoneId;
import java.util.Objects;

/** DEFAULT_TIME_ZONE and DEFAULT_CURRENCY (P-ACCOUNT-DEFAULT), configurable; {@link #STANDARD} is UTC and USD. */
public record AccountDefaults(ZoneId timeZone, String currency) {
    public static final AccountDefaults STANDARD = new AccountDefaults(ZoneId.of("UTC"), "USD");

    public AccountDefaults {
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * From configuration text, checked like an account's (a region id or UTC, three capital letters or $US); a null
     * argument keeps the standard value. A bad value throws IllegalArgumentException with a one-line message.
     */
    public static AccountDefaults parse(String timeZone, String currency) {
        ZoneId zone = timeZone == null ? STANDARD.timeZone : AccountVersion.zoneOf(timeZone);
        if (zone == null) {
            throw new IllegalArgumentException("default time zone '" + timeZone + "' is not an IANA time zone name");
        }
        String code = currency == null ? STANDARD.currency : AccountVersion.currencyOf(currency);
        if (code == null) {
            throw new IllegalArgumentException("default currency '" + currency + "' is not three capital letters");
        }
        return new AccountDefaults(zone, code);
    }
}
