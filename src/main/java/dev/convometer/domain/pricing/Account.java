package dev.convometer.domain.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The account an item is priced under: the P-ACCOUNT version of its business number at its pricing instant. */
public record Account(String businessId, String wabaId, String portfolioId, ZoneId timeZone, String currency,
                      AccountSource source) {
    /**
     * P-ACCOUNT and P-ACCOUNT-DEFAULT: the version of {@code history} (null: no record, or a tombstone) at {@code t},
     * else the defaults with the business number as WABA and portfolio.
     */
    public static Account at(String businessId, AccountHistory history, long t, AccountDefaults defaults) {
        if (history != null && !history.businessId().equals(businessId)) {
            throw new IllegalArgumentException("the history of " + history.businessId() + " is not that of " + businessId);
        }
        AccountVersion version = history == null ? null : history.versionAt(t);
        if (version == null) {
            return new Account(businessId, businessId, businessId, defaults.timeZone(), defaults.currency(), AccountSource.DEFAULT);
        }
        return new Account(businessId, version.wabaId(), version.portfolioId(), version.timeZone(), version.currency(),
                AccountSource.RECORD);
    }

    /** The date of {@code t} in the account's zone: every date rule (era, rate card, market, month) reads it. */
    public LocalDate localDate(long t) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(t), timeZone);
    }

    /** {@code YYYY-MM} of the local date of {@code t}. */
    public String billingMonth(long t) {
        return monthOf(localDate(t));
    }

    /** {@code YYYY-MM} of a date (years 0 to 9999, as instants are), built by hand: a formatter costs more than pricing. */
    static String monthOf(LocalDate date) {
        int year = date.getYear();
        int month = date.getMonthValue();
        return new String(new char[] {digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), '-', digit(month / 10),
                digit(month)});
    }

    private static char digit(int value) {
        return (char) ('0' + value % 10);
    }
}
