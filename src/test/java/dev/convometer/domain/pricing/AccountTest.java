package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P-ACCOUNT and P-ACCOUNT-DEFAULT: which version applies at an instant, and its local date and month. */
class AccountTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static AccountDraft.Version version(String validFrom, String waba, String zone, String currency) {
        return new AccountDraft.Version(validFrom == null ? null : at(validFrom), waba, null, zone, currency);
    }

    private static AccountHistory history(AccountDraft.Version... versions) {
        return AccountHistory.of(new AccountDraft("B1", Arrays.asList(versions)));
    }

    @Test
    void shouldUseTheGreatestValidFromAtOrBeforeTheInstantWhenVersionsAreDated() {
        AccountHistory history = history(
                version("2025-10-01T00:00:00Z", "W2", "Europe/Berlin", "EUR"),
                version(null, "W1", "UTC", "USD"),
                version("2026-01-01T00:00:00Z", "W3", "Asia/Kolkata", "INR"));

        assertThat(Account.at("B1", history, at("2025-09-30T23:59:59.999Z"), AccountDefaults.STANDARD).wabaId()).isEqualTo("W1");
        assertThat(Account.at("B1", history, at("2025-10-01T00:00:00Z"), AccountDefaults.STANDARD).wabaId()).isEqualTo("W2");
        assertThat(Account.at("B1", history, at("2025-12-31T23:59:59.999Z"), AccountDefaults.STANDARD).currency()).isEqualTo("EUR");
        Account latest = Account.at("B1", history, at("2026-01-01T00:00:00Z"), AccountDefaults.STANDARD);
        assertThat(latest).isEqualTo(new Account("B1", "W3", "W3", ZoneId.of("Asia/Kolkata"), "INR", AccountSource.RECORD));
    }

    @Test
    void shouldFallBackToTheDefaultsWhenTheInstantIsBeforeTheFirstDatedVersion() {
        AccountHistory history = history(version("2025-10-01T00:00:00Z", "W2", "Europe/Berlin", "EUR"));
        AccountDefaults defaults = AccountDefaults.parse("America/Sao_Paulo", "BRL");

        Account before = Account.at("B1", history, at("2025-09-30T23:59:59.999Z"), defaults);

        assertThat(before).isEqualTo(new Account("B1", "B1", "B1", ZoneId.of("America/Sao_Paulo"), "BRL", AccountSource.DEFAULT));
        assertThat(Account.at("B1", history, at("2025-10-01T00:00:00Z"), defaults).source()).isEqualTo(AccountSource.RECORD);
    }

    @Test
    void shouldUseUtcAndUsdWithTheBusinessNumberWhenThereIsNoRecord() {
        Account account = Account.at("15550109", null, at("2024-03-01T10:00:00Z"), AccountDefaults.STANDARD);

        assertThat(account).isEqualTo(new Account("15550109", "15550109", "15550109", ZoneId.of("UTC"), "USD",
                AccountSource.DEFAULT));
    }

    @Test
    void shouldDefaultPortfolioToWabaAndReadDollarUsAsUsdWhenAVersionOmitsThem() {
        AccountHistory history = AccountHistory.of(new AccountDraft("B1", List.of(
                new AccountDraft.Version(null, "WN", null, "America/New_York", "$US"))));

        AccountVersion only = history.versions().get(0);
        assertThat(only.portfolioId()).isEqualTo("WN");
        assertThat(only.currency()).isEqualTo("USD");
        assertThat(only.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void shouldKeepAGivenPortfolioWhenAVersionHasOne() {
        AccountHistory history = AccountHistory.of(new AccountDraft("B1", List.of(
                new AccountDraft.Version(null, "WA", "PA", "Asia/Kolkata", "USD"))));

        assertThat(Account.at("B1", history, 0, AccountDefaults.STANDARD).portfolioId()).isEqualTo("PA");
    }

    @Test
    void shouldTakeLocalDateAndBillingMonthInTheAccountZoneWhenTheInstantIsNearMidnight() {
        Account kolkata = new Account("B", "W", "W", ZoneId.of("Asia/Kolkata"), "USD", AccountSource.RECORD);
        Account newYork = new Account("B", "W", "W", ZoneId.of("America/New_York"), "USD", AccountSource.RECORD);

        assertThat(kolkata.localDate(at("2025-06-30T18:30:00Z"))).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(kolkata.billingMonth(at("2025-06-30T18:29:59.999Z"))).isEqualTo("2025-06");
        assertThat(kolkata.billingMonth(at("2025-06-30T18:30:00Z"))).isEqualTo("2025-07");
        assertThat(newYork.billingMonth(at("2024-08-01T03:00:00Z"))).isEqualTo("2024-07");
        assertThat(newYork.billingMonth(at("2024-08-01T04:00:00Z"))).isEqualTo("2024-08");
        // EST from 2024-11-03: the first of December starts at 05:00 UTC, not 04:00
        assertThat(newYork.billingMonth(at("2024-12-01T04:59:59.999Z"))).isEqualTo("2024-11");
        assertThat(newYork.billingMonth(at("2024-12-01T05:00:00Z"))).isEqualTo("2024-12");
    }

    @Test
    void shouldRefuseAHistoryOfAnotherNumberWhenResolving() {
        AccountHistory history = history(version(null, "W1", "UTC", "USD"));

        assertThatThrownBy(() -> Account.at("B2", history, 0, AccountDefaults.STANDARD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldParseDefaultsAndRefuseBadOnesWithOneLineWhenConfigured() {
        assertThat(AccountDefaults.parse(null, null)).isEqualTo(AccountDefaults.STANDARD);
        assertThat(AccountDefaults.parse("Asia/Kolkata", "$US"))
                .isEqualTo(new AccountDefaults(ZoneId.of("Asia/Kolkata"), "USD"));
        assertThatThrownBy(() -> AccountDefaults.parse("+05:30", "USD"))
                .hasMessage("default time zone '+05:30' is not an IANA time zone name");
        assertThatThrownBy(() -> AccountDefaults.parse("UTC", "usd"))
                .hasMessage("default currency 'usd' is not three capital letters");
    }
}
