package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** P-RATE: the rate card's lookup, its amounts as written, and every load check with its one-line message. */
class RateCardTest {

    private static final String HEADER = "rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate\n";
    private static final LocalDate JULY_2025 = LocalDate.of(2025, 7, 1);

    private static RateCard read(String rows) {
        return RateCard.read(new StringReader(HEADER + rows), "rate-card.csv");
    }

    private static final RateCard CARD = read("""
            V23,2023-06-01,USD,India,CBP,utility,,,0.0040
            V24,2024-08-01,$US,India,CBP,utility,,,0.0035
            V25,2025-07-01,USD,India,PMP,utility,1,100000,0.0015
            V25,2025-07-01,USD,India,PMP,utility,1000001,,0.0013
            V25,2025-07-01,USD,India,PMP,utility,100001,1000000,0.0014
            V25,2025-07-01,USD,India,PMP,marketing,,,00.5
            V25,2025-07-01,INR,India,PMP,marketing,,,7
            V25,2025-07-01,USD,India,PMP,authentication-international,,,0.028
            """);

    private static Optional<Rate> rate(String currency, PricingModel model, PricingCategory category, LocalDate date, long rank) {
        return CARD.rate(currency, "India", model, category, date, rank);
    }

    @Test
    void shouldUseTheRowFromItsEffectiveDayAndTheOlderOneTheDayBeforeWhenTwoRowsFollowEachOther() {
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2023, 5, 31), 1)).isEmpty();
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2023, 6, 1), 1))
                .contains(new Rate(new BigDecimal("0.004000"), "V23", null));
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2024, 7, 31), 1))
                .map(Rate::rateCardVersion).contains("V23");
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2024, 8, 1), 1))
                .map(Rate::rateCardVersion).contains("V24");
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2030, 1, 1), 1))
                .map(Rate::rateCardVersion).contains("V24");
    }

    @ParameterizedTest(name = "rank {0} is band {1} at {2}")
    @CsvSource({
            "1,          1:100000,        0.001500",
            "100000,     1:100000,        0.001500",
            "100001,     100001:1000000,  0.001400",
            "1000000,    100001:1000000,  0.001400",
            "1000001,    1000001:,        0.001300",
            "9000000000, 1000001:,        0.001300",
    })
    void shouldPickTheBandContainingTheRankWhenTheSetIsTiered(long rank, String tier, String amount) {
        Rate rate = rate("USD", PricingModel.PMP, PricingCategory.UTILITY, JULY_2025, rank).orElseThrow();

        assertThat(rate.tier()).isEqualTo(tier);
        assertThat(rate.amount().toPlainString()).isEqualTo(amount);
    }

    @Test
    void shouldRefuseARankBelowOneWhenLookingUp() {
        assertThatThrownBy(() -> rate("USD", PricingModel.PMP, PricingCategory.UTILITY, JULY_2025, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteTheRateWithSixDecimalsAndNoOtherLeadingZerosWhenRead() {
        assertThat(rate("USD", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1).orElseThrow().amount().toPlainString())
                .isEqualTo("0.500000");
        assertThat(rate("INR", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1).orElseThrow().amount().toPlainString())
                .isEqualTo("7.000000");
        assertThat(read("V,2025-07-01,USD,X,PMP,marketing,,,0123.123456\n")
                .rate("USD", "X", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1).orElseThrow().amount().toPlainString())
                .isEqualTo("123.123456");
        assertThat(read("V,2025-07-01,USD,X,PMP,marketing,,,0.0150\n")
                .rate("USD", "X", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1).orElseThrow().amount().toPlainString())
                .isEqualTo("0.015000");
    }

    @Test
    void shouldReadAuthenticationInternationalWhenSpelledWithAHyphen() {
        assertThat(rate("USD", PricingModel.PMP, PricingCategory.AUTHENTICATION_INTERNATIONAL, JULY_2025, 1))
                .map(Rate::rateCardVersion).contains("V25");
        assertThat(rate("USD", PricingModel.PMP, PricingCategory.AUTHENTICATION, JULY_2025, 1)).isEmpty();
    }

    @Test
    void shouldFindNoRateWhenCurrencyMarketModelOrCategoryHasNoSet() {
        assertThat(rate("EUR", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1)).isEmpty();
        assertThat(CARD.rate("USD", "India ", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1)).isEmpty();
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.MARKETING, JULY_2025, 1)).isEmpty();
        assertThat(rate("USD", PricingModel.PMP, PricingCategory.SERVICE, JULY_2025, 1)).isEmpty();
        assertThat(RateCard.EMPTY.rate("USD", "India", PricingModel.PMP, PricingCategory.MARKETING, JULY_2025, 1)).isEmpty();
    }

    @Test
    void shouldReadDollarUsAsUsdWhenInTheCurrencyColumn() {
        assertThat(rate("USD", PricingModel.CBP, PricingCategory.UTILITY, LocalDate.of(2024, 8, 1), 1).orElseThrow().amount())
                .isEqualByComparingTo("0.0035");
    }

    static Stream<Arguments> badCards() {
        String ok = "V,2025-07-01,USD,India,PMP,marketing,,,0.01\n";
        return Stream.of(
                Arguments.of(ok + ",2025-07-01,USD,India,PMP,utility,,,0.01\n", "line 3: rate_card_version is empty"),
                Arguments.of("V,,USD,India,PMP,marketing,,,0.01\n", "line 2: effective_from '' is not a YYYY-MM-DD date"),
                Arguments.of("V,2025-13-01,USD,India,PMP,marketing,,,0.01\n", "line 2: effective_from '2025-13-01' is not a YYYY-MM-DD date"),
                Arguments.of("V,2025-07-01,usd,India,PMP,marketing,,,0.01\n", "line 2: currency 'usd' is not three capital letters"),
                Arguments.of("V,2025-07-01,USD,,PMP,marketing,,,0.01\n", "line 2: market is empty"),
                Arguments.of("V,2025-07-01,USD,India,pmp,marketing,,,0.01\n", "line 2: pricing_model 'pmp' is not CBP or PMP"),
                Arguments.of("V,2025-07-01,USD,India,LEGACY,marketing,,,0.01\n", "line 2: pricing_model 'LEGACY' is not CBP or PMP"),
                Arguments.of("V,2025-07-01,USD,India,PMP,free_entry_point,,,0\n", "line 2: category 'free_entry_point' is not a rate card category"),
                Arguments.of("V,2025-07-01,USD,India,PMP,Marketing,,,0.01\n", "line 2: category 'Marketing' is not a rate card category"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,,5,0.01\n", "line 2: tier_to '5' without a tier_from"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,0,,0.01\n", "line 2: tier_from '0' is not an integer >= 1"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,-1,,0.01\n", "line 2: tier_from '-1' is not an integer >= 1"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1.5,,0.01\n", "line 2: tier_from '1.5' is not an integer >= 1"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,5,4,0.01\n", "line 2: tier_to '4' is not an integer >= tier_from 5"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,x,0.01\n", "line 2: tier_to 'x' is not an integer >= tier_from 1"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,0.1234567\n", "line 2: rate '0.1234567' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,-0.01\n", "line 2: rate '-0.01' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,.5\n", "line 2: rate '.5' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,5.\n", "line 2: rate '5.' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,1e3\n", "line 2: rate '1e3' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,,,\n", "line 2: rate '' is not digits with at most 6 decimals"),
                Arguments.of("V,2025-07-01,USD,India,CBP,utility,1,,0.01\n", "line 2: a CBP row has no bands, found 1:"),
                Arguments.of("V,2025-07-01,USD,India,PMP,marketing,1,,0.01\n", "line 2: category marketing has no bands, found 1:"),
                Arguments.of("V,2025-07-01,USD,India,PMP,service,1,,0.01\n", "line 2: category service has no bands, found 1:"),
                Arguments.of(ok + "V,2025-07-01,USD,India,PMP,utility,1,,0.01\nV,2025-07-01,USD,India,PMP,utility,,,0.01\n",
                        "line 4: tiered and untiered rows mixed in one rate set (with line 3)"),
                Arguments.of(ok + "V2,2025-07-01,USD,India,PMP,marketing,,,0.02\n",
                        "line 3: an untiered row repeats the rate set of line 2"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,2,,0.01\n", "line 2: the bands start at tier_from 2, not 1"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,3,,0.01\nV,2025-07-01,USD,India,PMP,utility,1,2,0.02\n"
                        + "V,2025-07-01,USD,India,PMP,utility,2,2,0.02\n", "line 4: tier_from 2 does not follow band 1:2"), // overlapping bands, out of file order
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,2,0.01\n#gap\nV,2025-07-01,USD,India,PMP,utility,4,,0.01\n",
                        "line 4: tier_from 4 does not follow band 1:2"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,,0.01\nV,2025-07-01,USD,India,PMP,utility,1,,0.01\n",
                        "line 3: band 1: follows the open band 1:"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,,0.01\nV,2025-07-01,USD,India,PMP,utility,5,,0.01\n",
                        "line 3: band 5: follows the open band 1:"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,100,0.01\nV,2025-07-01,USD,India,PMP,utility,101,200,0.01\n",
                        "line 3: the last band 101:200 does not end open"),
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,100,0.01\n", "line 2: the last band 1:100 does not end open"),
                // two bad groups: the earlier line is named, whichever group it is in
                Arguments.of("V,2025-07-01,USD,India,PMP,utility,1,5,0.01\nV,2025-07-01,USD,UK,PMP,marketing,,,0.01\n"
                        + "V,2025-07-01,USD,India,PMP,utility,5,,0.01\nV,2025-07-01,USD,UK,PMP,marketing,,,0.01\n",
                        "line 4: tier_from 5 does not follow band 1:5"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badCards")
    void shouldRefuseWithOneLineNamingFileAndLineWhenTheCardIsBad(String rows, String problem) {
        assertThatThrownBy(() -> read(rows))
                .isInstanceOf(TableError.class)
                .hasMessage("rate-card.csv " + problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shouldRefuseWhenAColumnIsMissing() {
        assertThatThrownBy(() -> RateCard.read(new StringReader("rate_card_version,effective_from\nV,2025-07-01\n"), "card.csv"))
                .hasMessage("card.csv line 1: the header has no column currency");
    }

    @Test
    void shouldAcceptTheSameSetAgainWhenItsEffectiveDayDiffers() {
        RateCard card = read("V1,2025-07-01,USD,X,PMP,marketing,,,0.01\nV2,2025-08-01,USD,X,PMP,marketing,,,0.02\n");

        assertThat(card.rate("USD", "X", PricingModel.PMP, PricingCategory.MARKETING, LocalDate.of(2025, 7, 31), 1))
                .map(Rate::rateCardVersion).contains("V1");
        assertThat(card.rate("USD", "X", PricingModel.PMP, PricingCategory.MARKETING, LocalDate.of(2025, 8, 1), 1))
                .map(Rate::rateCardVersion).contains("V2");
    }
}
