package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** P-ACCOUNT: every reason a business-accounts record is a dead letter ({@code invalid_account}). */
class InvalidAccountTest {

    private static final AccountDraft.Version GOOD = new AccountDraft.Version(null, "W", null, "UTC", "USD");

    private static AccountDraft.Version zone(String zone) {
        return new AccountDraft.Version(null, "W", null, zone, "USD");
    }

    private static AccountDraft.Version currency(String currency) {
        return new AccountDraft.Version(null, "W", null, "UTC", currency);
    }

    private static void assertInvalid(AccountDraft draft, String detail) {
        assertThatThrownBy(() -> AccountHistory.of(draft))
                .isInstanceOf(InvalidAccount.class)
                .hasMessage(detail);
    }

    @Test
    void shouldNameTheDeadLetterReasonInvalidAccountWhenAnyCheckFails() {
        assertThat(InvalidAccount.REASON).isEqualTo("invalid_account");
    }

    @Test
    void shouldRefuseWhenBusinessIdIsMissingOrEmpty() {
        assertInvalid(new AccountDraft(null, List.of(GOOD)), "business_id is missing or empty");
        assertInvalid(new AccountDraft("", List.of(GOOD)), "business_id is missing or empty");
    }

    @Test
    void shouldRefuseWhenVersionsAreMissingOrEmpty() {
        assertInvalid(new AccountDraft("B", null), "versions is missing");
        assertInvalid(new AccountDraft("B", List.of()), "versions is empty");
    }

    @Test
    void shouldRefuseWhenAVersionIsNotAnObject() {
        assertInvalid(new AccountDraft("B", Arrays.asList(GOOD, null)), "versions[1] is not an object");
    }

    @Test
    void shouldRefuseWhenWabaIdIsMissingOrEmpty() {
        assertInvalid(new AccountDraft("B", List.of(new AccountDraft.Version(null, null, null, "UTC", "USD"))),
                "versions[0].waba_id is missing or empty");
        assertInvalid(new AccountDraft("B", List.of(new AccountDraft.Version(null, "", null, "UTC", "USD"))),
                "versions[0].waba_id is missing or empty");
    }

    @Test
    void shouldRefuseWhenPortfolioIdIsAnEmptyString() {
        assertInvalid(new AccountDraft("B", List.of(new AccountDraft.Version(null, "W", "", "UTC", "USD"))),
                "versions[0].portfolio_id is empty");
    }

    @Test
    void shouldRefuseWhenTimeZoneIsMissing() {
        assertInvalid(new AccountDraft("B", List.of(zone(null))), "versions[0].time_zone is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "+05:30", "UTC+05:30", "GMT+1", "Z", "asia/kolkata", "", " UTC", "IST"})
    void shouldRefuseWhenTimeZoneIsNotAnIanaName(String name) {
        assertInvalid(new AccountDraft("B", List.of(zone(name))),
                "versions[0].time_zone '" + name + "' is not an IANA time zone name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata", "America/Sao_Paulo", "Etc/GMT+5", "Europe/London"})
    void shouldAcceptWhenTimeZoneIsAnIanaName(String name) {
        assertThat(AccountHistory.of(new AccountDraft("B", List.of(zone(name)))).versions().get(0).timeZone().getId())
                .isEqualTo(name);
    }

    @Test
    void shouldRefuseWhenCurrencyIsMissing() {
        assertInvalid(new AccountDraft("B", List.of(currency(null))), "versions[0].currency is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"usd", "US", "USDD", "U5D", "", "$EU", "ÜSD"})
    void shouldRefuseWhenCurrencyIsNotThreeCapitalLetters(String code) {
        assertInvalid(new AccountDraft("B", List.of(currency(code))),
                "versions[0].currency '" + code + "' is not three capital letters");
    }

    @Test
    void shouldRefuseWhenTwoVersionsShareAValidFrom() {
        long t = Instant.parse("2025-10-01T00:00:00Z").toEpochMilli();
        AccountDraft.Version dated = new AccountDraft.Version(t, "W2", null, "UTC", "USD");
        AccountDraft.Version sameInstant = new AccountDraft.Version(t, "W3", null, "UTC", "EUR");

        assertInvalid(new AccountDraft("B", List.of(GOOD, dated, sameInstant)),
                "versions[1] and versions[2] share valid_from 2025-10-01T00:00:00Z");
    }

    @Test
    void shouldRefuseWhenTwoVersionsAreBothUndated() {
        assertInvalid(new AccountDraft("B", List.of(GOOD, new AccountDraft.Version(null, "W2", null, "UTC", "USD"))),
                "versions[0] and versions[1] share an absent valid_from");
    }

    @Test
    void shouldGiveAdaptersOneLineReasonsWhenTheShapeIsWrong() {
        assertThat(InvalidAccount.notAnObject()).hasMessage("the record is not an object");
        assertThat(InvalidAccount.notAString("business_id")).hasMessage("business_id is not a string");
        assertThat(InvalidAccount.versionsNotAnArray()).hasMessage("versions is not an array");
        assertThat(InvalidAccount.versionNotAnObject(2)).hasMessage("versions[2] is not an object");
        assertThat(InvalidAccount.versionFieldNotAString(0, "portfolio_id"))
                .hasMessage("versions[0].portfolio_id is not a string");
        assertThat(InvalidAccount.badInstant(1, "yesterday")).hasMessage("versions[1].valid_from 'yesterday' is not an instant");
    }
}
