package dev.convometer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** D-DEDUP: the deduplication horizon (default 7 days of event time after the copy applied last; copies come in O-ORDER). */
class DeduplicationHorizonTest {

    private static final DeduplicationHorizon SEVEN_DAYS = DeduplicationHorizon.DEFAULT;
    private static final long FIRST_SEEN = at("2024-05-08T10:00:00Z");

    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    @Test
    void shouldDefaultToSevenDays() {
        assertThat(SEVEN_DAYS.millis()).isEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void shouldTreatSameEventTimeAsDuplicate() {
        assertThat(SEVEN_DAYS.isDuplicate(FIRST_SEEN, FIRST_SEEN)).isTrue();
    }

    @Test
    void shouldTreatEventOneMillisecondBeforeSevenDaysLaterAsDuplicate() {
        assertThat(SEVEN_DAYS.isDuplicate(FIRST_SEEN, at("2024-05-15T09:59:59.999Z"))).isTrue();
    }

    @Test
    void shouldNotTreatEventExactlySevenDaysLaterAsDuplicate() {
        assertThat(SEVEN_DAYS.isDuplicate(FIRST_SEEN, at("2024-05-15T10:00:00Z"))).isFalse();
    }

    @Test
    void shouldNotTreatEventMoreThanSevenDaysLaterAsDuplicate() {
        assertThat(SEVEN_DAYS.isDuplicate(FIRST_SEEN, at("2024-06-01T10:00:00Z"))).isFalse();
    }

    @Test
    void shouldApplyConfiguredHorizon() {
        DeduplicationHorizon oneHour = new DeduplicationHorizon(Duration.ofHours(1).toMillis());

        assertThat(oneHour.isDuplicate(FIRST_SEEN, at("2024-05-08T10:59:59.999Z"))).isTrue();
        assertThat(oneHour.isDuplicate(FIRST_SEEN, at("2024-05-08T11:00:00Z"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -604_800_000L})
    void shouldRefuseNonPositiveHorizon(long millis) {
        assertThatThrownBy(() -> new DeduplicationHorizon(millis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deduplication horizon");
    }
}
