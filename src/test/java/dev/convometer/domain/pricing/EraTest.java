package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** P-ERA: eras start at local midnight of the account's zone, east and west of UTC and across DST. */
class EraTest {

    private static final AccountDefaults UTC_USD = AccountDefaults.STANDARD;

    private static AccountHistory zoned(String zone) {
        return AccountHistory.of(new AccountDraft("B", List.of(new AccountDraft.Version(null, "W", null, zone, "USD"))));
    }

    private static Era eraAt(String zone, String instant) {
        long t = Instant.parse(instant).toEpochMilli();
        Account account = Account.at("B", zoned(zone), t, UTC_USD);
        return Era.on(account.localDate(t));
    }

    @Test
    void shouldStartEachEraOnItsFirstDayWhenGivenLocalDates() {
        assertThat(Era.on(LocalDate.of(2023, 5, 31))).isEqualTo(Era.LEGACY);
        assertThat(Era.on(LocalDate.of(2023, 6, 1))).isEqualTo(Era.CBP_2023);
        assertThat(Era.on(LocalDate.of(2024, 10, 31))).isEqualTo(Era.CBP_2023);
        assertThat(Era.on(LocalDate.of(2024, 11, 1))).isEqualTo(Era.CBP_2024);
        assertThat(Era.on(LocalDate.of(2025, 6, 30))).isEqualTo(Era.CBP_2024);
        assertThat(Era.on(LocalDate.of(2025, 7, 1))).isEqualTo(Era.PMP_2025);
        assertThat(Era.on(LocalDate.of(2026, 9, 30))).isEqualTo(Era.PMP_2025);
        assertThat(Era.on(LocalDate.of(2026, 10, 1))).isEqualTo(Era.PMP_2026);
        assertThat(Era.on(LocalDate.of(1970, 1, 1))).isEqualTo(Era.LEGACY);
        assertThat(Era.on(LocalDate.of(2999, 1, 1))).isEqualTo(Era.PMP_2026);
    }

    @ParameterizedTest(name = "{0}: {1} is {2}, {3} is {4}")
    @CsvSource({
            // east of UTC: Kolkata is +05:30, so local midnight is 18:30 UTC the day before
            "Asia/Kolkata,        2023-05-31T18:29:59.999Z, LEGACY,   2023-05-31T18:30:00Z, CBP_2023",
            "Asia/Kolkata,        2024-10-31T18:29:59.999Z, CBP_2023, 2024-10-31T18:30:00Z, CBP_2024",
            "Asia/Kolkata,        2025-06-30T18:29:59.999Z, CBP_2024, 2025-06-30T18:30:00Z, PMP_2025",
            "Asia/Kolkata,        2026-09-30T18:29:59.999Z, PMP_2025, 2026-09-30T18:30:00Z, PMP_2026",
            // west of UTC: Mexico City is -06:00 all year (no DST since 2022), Sao Paulo -03:00
            "America/Mexico_City, 2023-06-01T05:59:59.999Z, LEGACY,   2023-06-01T06:00:00Z, CBP_2023",
            "America/Mexico_City, 2025-07-01T05:59:59.999Z, CBP_2024, 2025-07-01T06:00:00Z, PMP_2025",
            "America/Sao_Paulo,   2024-11-01T02:59:59.999Z, CBP_2023, 2024-11-01T03:00:00Z, CBP_2024",
            "America/Sao_Paulo,   2026-10-01T02:59:59.999Z, PMP_2025, 2026-10-01T03:00:00Z, PMP_2026",
            // zones with DST: the offset in force on the first day decides (EDT -04:00, BST +01:00)
            "America/New_York,    2024-11-01T03:59:59.999Z, CBP_2023, 2024-11-01T04:00:00Z, CBP_2024",
            "America/New_York,    2025-07-01T03:59:59.999Z, CBP_2024, 2025-07-01T04:00:00Z, PMP_2025",
            "Europe/London,       2023-05-31T22:59:59.999Z, LEGACY,   2023-05-31T23:00:00Z, CBP_2023",
            "Europe/London,       2026-09-30T22:59:59.999Z, PMP_2025, 2026-09-30T23:00:00Z, PMP_2026",
            "UTC,                 2025-06-30T23:59:59.999Z, CBP_2024, 2025-07-01T00:00:00Z, PMP_2025",
    })
    void shouldSwitchEraAtLocalMidnightWhenTheAccountHasAZone(String zone, String lastBefore, Era before,
                                                              String firstOn, Era on) {
        assertThat(eraAt(zone, lastBefore)).isEqualTo(before);
        assertThat(eraAt(zone, firstOn)).isEqualTo(on);
    }

    @Test
    void shouldPriceConversationsInLegacyAndCbpErasAndMessagesInPmpErasWhenAskedForTheUnit() {
        assertThat(Era.LEGACY.pricesConversations()).isTrue();
        assertThat(Era.CBP_2023.pricesConversations()).isTrue();
        assertThat(Era.CBP_2024.pricesConversations()).isTrue();
        assertThat(Era.PMP_2025.pricesMessages()).isTrue();
        assertThat(Era.PMP_2026.pricesMessages()).isTrue();
        assertThat(Era.LEGACY.pricesMessages()).isFalse();
        assertThat(Era.PMP_2025.pricesConversations()).isFalse();
        assertThat(Era.LEGACY.cbp()).isFalse();
        assertThat(Era.CBP_2024.cbp()).isTrue();
        assertThat(Era.PMP_2025.cbp()).isFalse();
    }
}
