package dev.convometer.domain.pricing;

import static dev.convometer.domain.pricing.PricingFixture.INDIA;
import static dev.convometer.domain.pricing.PricingFixture.KOLKATA;
import static dev.convometer.domain.pricing.PricingFixture.RULES;
import static dev.convometer.domain.pricing.PricingFixture.UK;
import static dev.convometer.domain.pricing.PricingFixture.US;
import static dev.convometer.domain.pricing.PricingFixture.account;
import static dev.convometer.domain.pricing.PricingFixture.at;
import static dev.convometer.domain.pricing.PricingFixture.conversation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.domain.Category;
import dev.convometer.domain.Conversation;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 7.3 and 7.6: pricing a conversation of the LEGACY and CBP eras. */
class ConversationPricingTest {

    private static PricedConversation price(Conversation conversation, AccountHistory history) {
        return (PricedConversation) PricingFixture.record(RULES.price(conversation, history).orElseThrow());
    }

    @Test
    void shouldLeaveALegacyConversationUnpricedWithEveryOtherFieldWhenOpenedBeforeCbp() {
        Conversation legacy = conversation(INDIA, Category.SERVICE, "2023-05-31T18:00:00Z", "o1");

        PricedConversation priced = price(legacy, KOLKATA);

        assertThat(priced).isEqualTo(new PricedConversation("C/B/919810000001/1685556000000/o1", "B", INDIA,
                Category.SERVICE, at("2023-05-31T18:00:00Z"), at("2023-06-01T18:00:00Z"), "o1",
                new Charge(Era.LEGACY, PricingModel.CBP, PricingCategory.SERVICE, PricingType.UNPRICED, PricingRule.P_LEGACY,
                        true, "W", "P", "2023-05", AccountSource.RECORD, "IN", "India", "USD", null, null, null,
                        UnpricedReason.LEGACY_ERA)));
    }

    @Test
    void shouldChargeTheServiceRateWhenACbp2023ServiceConversationOpensAtLocalMidnight() {
        Conversation first = conversation(INDIA, Category.SERVICE, "2023-05-31T18:30:00Z", "o3");

        Charge charge = price(first, KOLKATA).charge();

        assertThat(charge).isEqualTo(new Charge(Era.CBP_2023, PricingModel.CBP, PricingCategory.SERVICE, PricingType.REGULAR,
                PricingRule.P_CBP_REGULAR, true, "W", "P", "2023-06", AccountSource.RECORD, "IN", "India", "USD",
                new BigDecimal("0.004000"), "V23", null, null));
        assertThat(charge.amountText()).isEqualTo("0.004000");
    }

    @Test
    void shouldMakeServiceFreeWhenTheConversationIsOfCbp2024() {
        Charge before = price(conversation(INDIA, Category.SERVICE, "2024-10-31T18:29:59.999Z", "o1"), KOLKATA).charge();
        Charge after = price(conversation(INDIA, Category.SERVICE, "2024-10-31T18:30:00Z", "o2"), KOLKATA).charge();

        assertThat(before.pricingRule()).isEqualTo(PricingRule.P_CBP_REGULAR);
        assertThat(before.amountText()).isEqualTo("0.004000");
        assertThat(after).isEqualTo(new Charge(Era.CBP_2024, PricingModel.CBP, PricingCategory.SERVICE,
                PricingType.FREE_CUSTOMER_SERVICE, PricingRule.P_CBP_SERVICE_FREE, false, "W", "P", "2024-11",
                AccountSource.RECORD, "IN", "India", "USD", Charge.FREE, null, null, null));
        assertThat(after.amountText()).isEqualTo("0.000000");
    }

    @ParameterizedTest
    @CsvSource({"2023-06-15T10:00:00Z, CBP_2023", "2024-11-02T09:00:00Z, CBP_2024"})
    void shouldMakeAFreeEntryPointConversationFreeWhenOfEitherCbpEra(String openedAt, Era era) {
        Charge charge = price(conversation(INDIA, Category.FREE_ENTRY_POINT, openedAt, "o4"), KOLKATA).charge();

        assertThat(charge.era()).isEqualTo(era);
        assertThat(charge.pricingType()).isEqualTo(PricingType.FREE_ENTRY_POINT);
        assertThat(charge.pricingCategory()).isEqualTo(PricingCategory.FREE_ENTRY_POINT);
        assertThat(charge.pricingRule()).isEqualTo(PricingRule.P_CBP_FEP);
        assertThat(charge.billable()).isFalse();
        assertThat(charge.amountText()).isEqualTo("0.000000");
        assertThat(charge.rateCardVersion()).isNull();
    }

    @Test
    void shouldChargeTheCategoryRateWhenATemplateConversationIsOfCbp2024() {
        Charge charge = price(conversation(INDIA, Category.UTILITY, "2025-06-30T14:30:00Z", "o1"), KOLKATA).charge();

        assertThat(charge.era()).isEqualTo(Era.CBP_2024);
        assertThat(charge.pricingType()).isEqualTo(PricingType.REGULAR);
        assertThat(charge.amountText()).isEqualTo("0.004000");
        assertThat(charge.tier()).isNull();
    }

    @Test
    void shouldStayRegularAndBillableWithoutAmountWhenNoRateSetApplies() {
        AccountHistory euro = account("B", "Asia/Kolkata", "EUR");

        Charge charge = price(conversation(INDIA, Category.MARKETING, "2024-03-01T10:00:00Z", "o1"), euro).charge();

        assertThat(charge.pricingType()).isEqualTo(PricingType.REGULAR);
        assertThat(charge.pricingRule()).isEqualTo(PricingRule.P_CBP_REGULAR);
        assertThat(charge.billable()).isTrue();
        assertThat(charge.amount()).isNull();
        assertThat(charge.amountText()).isNull();
        assertThat(charge.rateCardVersion()).isNull();
        assertThat(charge.tier()).isNull();
        assertThat(charge.unpricedReason()).isEqualTo(UnpricedReason.NO_RATE);
        assertThat(charge.currency()).isEqualTo("EUR");
    }

    @Test
    void shouldPriceNothingWhenTheConversationIsOfAPmpEra() {
        assertThat(RULES.price(conversation(INDIA, Category.UTILITY, "2025-06-30T18:30:00Z", "o2"), KOLKATA)).isEmpty();
        assertThat(RULES.price(conversation(INDIA, Category.UTILITY, "2025-06-30T18:29:59Z", "o1"), KOLKATA)).isPresent();
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource({
            // London's rate moves on 2025-03-31, the day after BST starts: local midnight is 23:00 UTC
            "Europe/London,    " + UK + ", 2025-03-30T22:59:59.999Z, V23,    0.021000, 2025-03",
            "Europe/London,    " + UK + ", 2025-03-30T23:00:00Z,     V25-03, 0.022000, 2025-03",
            // New York's moves on 2024-11-04, the day after EDT ends: local midnight is 05:00 UTC
            "America/New_York, " + US + ", 2024-11-04T04:59:59.999Z, V23,    0.015000, 2024-11",
            "America/New_York, " + US + ", 2024-11-04T05:00:00Z,     V24-11, 0.014000, 2024-11",
            // the same instant in UTC is already the new day
            "UTC,              " + US + ", 2024-11-04T00:00:00Z,     V24-11, 0.014000, 2024-11",
            "UTC,              " + US + ", 2024-11-03T23:59:59.999Z, V23,    0.015000, 2024-11",
    })
    void shouldSwitchRateRowAtLocalMidnightOfItsEffectiveDayWhenDstChangedTheDayBefore(
            String zone, String customer, String openedAt, String version, String amount, String month) {
        Charge charge = price(conversation(customer, Category.UTILITY, openedAt, "o"), account("B", zone, "USD")).charge();

        assertThat(charge.rateCardVersion()).isEqualTo(version);
        assertThat(charge.amountText()).isEqualTo(amount);
        assertThat(charge.billingMonth()).isEqualTo(month);
    }

    @Test
    void shouldUseDefaultsAndOtherMarketWhenThereIsNoAccountAndNoCountry() {
        PricedConversation priced = price(conversation("not-a-number", Category.MARKETING, "2024-03-01T10:00:00Z", "o/1"), null);

        assertThat(priced.chargeId()).isEqualTo("C/B/not-a-number/1709287200000/o%2F1");
        assertThat(priced.charge()).isEqualTo(new Charge(Era.CBP_2023, PricingModel.CBP, PricingCategory.MARKETING,
                PricingType.REGULAR, PricingRule.P_CBP_REGULAR, true, "B", "B", "2024-03", AccountSource.DEFAULT, null,
                "Other", "USD", new BigDecimal("0.060000"), "V23", null, null));
    }
}
