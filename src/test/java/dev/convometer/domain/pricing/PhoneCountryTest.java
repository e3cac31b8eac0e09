package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

    @Test
    void shouldGiveTheSameCountryWhenANumberIsAskedAgain() {
        for (int round = 0; round < 2; round++) {
            assertThat(PhoneCountry.of("447700900777")).isEqualTo("GB");
            assertThat(PhoneCountry.of("+447700900777")).isEqualTo("GB");
            assertThat(PhoneCountry.of("14165550177")).isEqualTo("CA");
            assertThat(PhoneCountry.of("99912345677")).isNull();
            assertThat(PhoneCountry.of("0447700900777")).isNull(); // not the number without the zero
            assertThat(PhoneCountry.of("000447700900777")).isNull();
        }
    }

    @Test
    void shouldKeyOnlyIdsOfOneToFifteenDigitsWithoutALeadingZeroWhenRemembering() {
        assertThat(PhoneCountry.Memo.numberOf("+447700900123")).isEqualTo(447_700_900_123L);
        assertThat(PhoneCountry.Memo.numberOf("447700900123")).isEqualTo(447_700_900_123L);
        assertThat(PhoneCountry.Memo.numberOf("999999999999999")).isEqualTo(999_999_999_999_999L);
        assertThat(PhoneCountry.Memo.numberOf("1000000000000000")).isEqualTo(-1);
        assertThat(PhoneCountry.Memo.numberOf("0447700900123")).isEqualTo(-1);
        assertThat(PhoneCountry.Memo.numberOf("++447700900123")).isEqualTo(-1);
        assertThat(PhoneCountry.Memo.numberOf("+")).isEqualTo(-1);
        assertThat(PhoneCountry.Memo.numberOf("")).isEqualTo(-1);
        assertThat(PhoneCountry.Memo.numberOf("4477009001２3")).isEqualTo(-1);
    }

    @Test
    void shouldRefuseMoreNumbersThanItsCapacityWhenFull() {
        PhoneCountry.Memo memo = new PhoneCountry.Memo(3);
        assertThat(memo.put(1, 7)).isTrue();
        assertThat(memo.put(999_999_999_999_999L, 675)).isTrue();
        assertThat(memo.put(1, 7)).isTrue();
        assertThat(memo.put(42, 676)).isTrue();
        assertThat(memo.put(43, 0)).isFalse();
        assertThat(memo.get(1)).isEqualTo(7);
        assertThat(memo.get(999_999_999_999_999L)).isEqualTo(675);
        assertThat(memo.get(42)).isEqualTo(676);
        assertThat(memo.get(43)).isEqualTo(-1);
        assertThat(memo.get(0)).isEqualTo(-1);
    }

    @Test
    void shouldFindEveryNumberItRememberedWhenSlotsCollide() {
        PhoneCountry.Memo memo = new PhoneCountry.Memo(1000);
        for (long number = 1; number <= 1000; number++) {
            assertThat(memo.put(number * 1_000_003L, (int) (number % 677))).isTrue();
        }
        for (long number = 1; number <= 1000; number++) {
            assertThat(memo.get(number * 1_000_003L)).isEqualTo((int) (number % 677));
        }
        assertThat(memo.get(1_000_003L * 1001)).isEqualTo(-1);
    }
}
