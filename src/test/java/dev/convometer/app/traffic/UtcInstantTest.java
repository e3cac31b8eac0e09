package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path for the common timestamp form reads what the ISO formatter reads, and leaves everything else to it. */
class UtcInstantTest {

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00.1Z", "2024-05-01T10:00:00.123Z", "2024-05-01T23:59:59.999999999Z",
            "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-12-31T00:00:00.0001Z"})
    void shouldReadTheInstantTheIsoFormatterReadsWhenTheFormIsCommon(String text) {
        assertThat(TrafficLine.utcInstant(text)).isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
            "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z", "2024-05-01T10:00:00.Z",
            "2024-05-01T10:00:00.1234567890Z", "2024-05-01T10:00:00+02:00", "2024-05-01T10:00Z", "2024-05-01 10:00:00Z",
            "+2024-05-01T10:00:00Z", "2024-05-01T10:00:00z", "2024-5-01T10:00:00.00Z", "２０２４-05-01T10:00:00Z"})
    void shouldLeaveItToTheIsoFormatterWhenTheFormIsNotCommonOrAFieldIsOutOfRange(String text) {
        assertThat(TrafficLine.utcInstant(text)).isNull();
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME); // it decides: some are valid (offsets)
        } catch (DateTimeParseException refused) {
            assertThat(refused).hasMessageContaining(text);
        }
    }
}
