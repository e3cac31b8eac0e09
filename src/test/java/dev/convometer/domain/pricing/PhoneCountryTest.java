package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** P-COUNTRY with libphonenumber 9.0.19. */
class PhoneCountryTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "18095550123,   DO",   // +1 shared by NANP countries: the area code decides
            "+18095550123,  DO",
            "14165550199,   CA",
            "14155550123,   US",
            "447700900123,  GB",   // Ofcom's drama range, still claimed by GB
            "447400123456,  GB",
            "919810000001,  IN",
            "263771234567,  ZW",
            "5511987654321, BR",
    })
    void shouldFindTheCountryWhenTheNumberBelongsToOne(String customerId, String country) {
        assertThat(PhoneCountry.of(customerId)).isEqualTo(country);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // valid calling code, but a number no region claims: the calling code's main region
            "15550100000, US",
            "440000000000, GB",
    })
    void shouldFallBackToTheCallingCodeRegionWhenNoRegionClaimsTheNumber(String customerId, String country) {
        assertThat(PhoneCountry.of(customerId)).isEqualTo(country);
    }

    @ParameterizedTest
    @ValueSource(strings = {"80012345678", "+80012345678", "88213012345"})
    void shouldGiveNoCountryWhenTheNumberIsNonGeographic(String customerId) {
        assertThat(PhoneCountry.of(customerId)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99912345678", "1", "12", "123456789012345678901", ""})
    void shouldGiveNoCountryWhenTheNumberCannotBeParsedOrHasNoRegion(String customerId) {
        assertThat(PhoneCountry.of(customerId)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "++14155550123", "+1 415 555 0123", "1-415-555-0123", "wa:14155550123",
            "١٤١٥٥٥٥٠١٢٣", "14155550123 ", "abc", "1415555012３"})
    void shouldGiveNoCountryWhenTheIdIsNotPlusAndAsciiDigits(String customerId) {
        assertThat(PhoneCountry.of(customerId)).isNull();
    }

    @ParameterizedTest
    @NullSource
    void shouldGiveNoCountryWhenTheIdIsNull(String customerId) {
        assertThat(PhoneCountry.of(customerId)).isNull();
    }
}
