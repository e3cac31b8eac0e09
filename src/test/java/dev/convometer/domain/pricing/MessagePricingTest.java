package dev.convometer.domain.pricing;

import static dev.convometer.domain.pricing.PricingFixture.INDIA;
import static dev.convometer.domain.pricing.PricingFixture.KOLKATA;
import static dev.convometer.domain.pricing.PricingFixture.RULES;
import static dev.convometer.domain.pricing.PricingFixture.at;
import static dev.convometer.domain.pricing.PricingFixture.freeForm;
import static dev.convometer.domain.pricing.PricingFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.BilledMessage;
import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.Category;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairState;
import dev.convometer.domain.Rule;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 7.7: pricing an applied business message of a PMP era, the first rule that applies deciding. */
class MessagePricingTest {

    private static PricedMessage price(BilledMessage billing) {
        return (PricedMessage) PricingFixture.record(RULES.price(billing, KOLKATA).orElseThrow());
    }

    /** The open conversation a template joined: its category, opening time and opener. */
    private record Joined(Category category, long openedAt, String openedBy) {
    }

    private static Conversation joined(BusinessMessage message, Joined joined) {
        return new Conversation(message.pair(), joined.category(), joined.openedAt(), joined.openedAt() + 86_400_000L,
                joined.openedBy(), Rule.S_TEMPLATE);
    }

    private static Charge charge(BusinessMessage message, Rule rule, boolean windowOpen) {
        return price(new BilledMessage(message, rule, windowOpen, null)).charge();
    }

    @ParameterizedTest
    @EnumSource(value = Rule.class, names = {"S_FEP_OPEN", "S_FEP_JOIN"})
    void shouldMakeTheMessageAFreeEntryPointWhenSectionThreeDecidedItByAnEntryPoint(Rule rule) {
        PricedMessage template = price(new BilledMessage(template(INDIA, Category.MARKETING, "2025-08-10T22:00:00Z", "o1"), rule, true, null));
        PricedMessage freeForm = price(new BilledMessage(freeForm(INDIA, "2026-10-02T09:00:00Z", "o5"), rule, true, null));

        assertThat(template.charge()).isEqualTo(new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.MARKETING,
                PricingType.FREE_ENTRY_POINT, PricingRule.P_PMP_FEP, false, "W", "P", "2025-08", AccountSource.RECORD, "IN",
                "India", "USD", Charge.FREE, null, null, null));
        assertThat(freeForm.category()).isEqualTo(Category.SERVICE);
        assertThat(freeForm.charge().era()).isEqualTo(Era.PMP_2026);
        assertThat(freeForm.charge().pricingCategory()).isEqualTo(PricingCategory.SERVICE);
        assertThat(freeForm.charge().pricingRule()).isEqualTo(PricingRule.P_PMP_FEP);
    }

    @Test
    void shouldAttributeAUtilityTemplateToItsCbpConversationWhenItJoinedOneAcrossTheSwitch() {
        BusinessMessage o2 = template(INDIA, Category.UTILITY, "2025-06-30T19:30:00Z", "o2");
        Joined o1 = new Joined(Category.UTILITY, at("2025-06-30T14:30:00Z"), "o1");

        PricedMessage priced = price(new BilledMessage(o2, Rule.S_TEMPLATE, true, joined(o2, o1)));

        assertThat(priced).isEqualTo(new PricedMessage("M/B/919810000001/1751311800000/o2", "o2", "B", INDIA,
                at("2025-06-30T19:30:00Z"), MessageType.TEMPLATE, Category.UTILITY,
                new Charge(Era.PMP_2025, PricingModel.CBP, PricingCategory.UTILITY, PricingType.CBP_CONVERSATION,
                        PricingRule.P_PMP_SPAN, true, "W", "P", "2025-07", AccountSource.RECORD, "IN", "India", "USD",
                        Charge.FREE, null, null, null),
                "C/B/919810000001/1751293800000/o1"));
    }

    @Test
    void shouldNotSpanWhenTheJoinedConversationOpenedInAPmpEra() {
        BusinessMessage o4 = template(INDIA, Category.UTILITY, "2025-07-01T10:00:00Z", "o4");
        Joined o3 = new Joined(Category.UTILITY, at("2025-06-30T18:30:00Z"), "o3");

        PricedMessage priced = price(new BilledMessage(o4, Rule.S_TEMPLATE, false, joined(o4, o3)));

        assertThat(priced.attributedTo()).isNull();
        assertThat(priced.charge().pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(priced.charge().pricingModel()).isEqualTo(PricingModel.PMP);
        assertThat(priced.charge().tier()).isEqualTo("1:100000");
        assertThat(priced.charge().amountText()).isEqualTo("0.001500");
    }

    @Test
    void shouldNotSpanWhenTheTemplateIsNotOfASpanCategory() {
        BusinessMessage o5 = template(INDIA, Category.MARKETING, "2025-06-30T19:30:00Z", "o5");
        Joined o4 = new Joined(Category.MARKETING, at("2025-06-30T14:30:00Z"), "o4");

        Charge charge = price(new BilledMessage(o5, Rule.S_TEMPLATE, true, joined(o5, o4))).charge();

        assertThat(charge.pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(charge.amountText()).isEqualTo("0.011000");
    }

    @Test
    void shouldTakeTheJoinedConversationsEraFromItsOwnAccountVersionWhenTheZoneChangedBetween() {
        // UTC until 20:00Z, Kolkata after: the conversation's local day is 06-30 (CBP), the message's 07-01 (PMP);
        // read in the message's zone the conversation would be PMP too and nothing would span
        AccountHistory moved = AccountHistory.of(new AccountDraft("B", List.of(
                new AccountDraft.Version(null, "W1", null, "UTC", "USD"),
                new AccountDraft.Version(at("2025-06-30T20:00:00Z"), "W2", null, "Asia/Kolkata", "USD"))));
        BusinessMessage message = template(INDIA, Category.UTILITY, "2025-06-30T20:30:00Z", "o2");
        Joined joined = new Joined(Category.UTILITY, at("2025-06-30T19:00:00Z"), "o1");

        Charge charge = PricingFixture.record(RULES.price(new BilledMessage(message, Rule.S_TEMPLATE, false, joined(message, joined)), moved).orElseThrow()).charge();

        assertThat(charge.pricingRule()).isEqualTo(PricingRule.P_PMP_SPAN);
        assertThat(charge.wabaId()).isEqualTo("W2");
    }

    @Test
    void shouldSpanRatherThanUseTheWindowWhenBothApply() {
        BusinessMessage o2 = template(INDIA, Category.UTILITY, "2025-06-30T19:30:00Z", "o2");
        Joined o1 = new Joined(Category.UTILITY, at("2025-06-30T14:30:00Z"), "o1");

        assertThat(price(new BilledMessage(o2, Rule.S_TEMPLATE, true, joined(o2, o1))).charge().pricingType())
                .isEqualTo(PricingType.CBP_CONVERSATION);
    }

    @Test
    void shouldMakeFreeFormAndInWindowUtilityFreeWhenOfPmp2025() {
        Charge freeForm = charge(freeForm(INDIA, "2025-08-05T09:00:00Z", "o2"), Rule.S_FREE_FORM, true);
        Charge utility = charge(template(INDIA, Category.UTILITY, "2025-08-05T10:00:00Z", "o3"), Rule.S_TEMPLATE, true);

        assertThat(freeForm).isEqualTo(new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.SERVICE,
                PricingType.FREE_CUSTOMER_SERVICE, PricingRule.P_PMP_CSW, false, "W", "P", "2025-08", AccountSource.RECORD,
                "IN", "India", "USD", Charge.FREE, null, null, null));
        assertThat(utility.pricingType()).isEqualTo(PricingType.FREE_CUSTOMER_SERVICE);
        assertThat(utility.pricingCategory()).isEqualTo(PricingCategory.UTILITY);
        assertThat(utility.billable()).isFalse();
    }

    @Test
    void shouldChargeInWindowMarketingAndAuthenticationWhenOfPmp2025() {
        Charge marketing = charge(template(INDIA, Category.MARKETING, "2025-08-05T10:00:00Z", "o3"), Rule.S_TEMPLATE, true);
        Charge authentication = charge(template(INDIA, Category.AUTHENTICATION, "2025-08-05T11:00:00Z", "o4"), Rule.S_TEMPLATE,
                true);

        assertThat(marketing.pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(marketing.amountText()).isEqualTo("0.011000");
        assertThat(marketing.tier()).isNull();
        assertThat(authentication.pricingCategory()).isEqualTo(PricingCategory.AUTHENTICATION);
        assertThat(authentication.amountText()).isEqualTo("0.001500");
        assertThat(authentication.tier()).isEqualTo("1:100000");
        assertThat(authentication.rateCardVersion()).isEqualTo("V25");
    }

    @Test
    void shouldCloseTheWindowAtCswUntilWhenAUtilityTemplateComesExactlyThen() {
        long cswUntil = at("2025-08-06T08:00:00Z");
        PairState state = PairState.of(cswUntil, PairState.NONE);
        BusinessMessage lastInside = template(INDIA, Category.UTILITY, "2025-08-06T07:59:59.999Z", "o4");
        BusinessMessage atEnd = template(INDIA, Category.UTILITY, "2025-08-06T08:00:00Z", "o5");

        Charge inside = charge(lastInside, Rule.S_TEMPLATE, state.cswOpenAt(lastInside.timestamp()));
        Charge closed = charge(atEnd, Rule.S_TEMPLATE, state.cswOpenAt(atEnd.timestamp()));

        assertThat(inside.pricingRule()).isEqualTo(PricingRule.P_PMP_CSW);
        assertThat(closed.pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(closed.amountText()).isEqualTo("0.001500");
    }

    @Test
    void shouldChargeInWindowUtilityAndFreeFormAtTheServiceRateWhenOfPmp2026() {
        Charge utility = charge(template(INDIA, Category.UTILITY, "2026-09-30T18:50:00Z", "o4"), Rule.S_TEMPLATE, true);
        Charge freeForm = charge(freeForm(INDIA, "2026-09-30T18:40:00Z", "o3"), Rule.S_FREE_FORM, true);
        Charge dayBefore = charge(freeForm(INDIA, "2026-09-30T18:29:59.999Z", "o1"), Rule.S_FREE_FORM, true);

        assertThat(utility.era()).isEqualTo(Era.PMP_2026);
        assertThat(utility.pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(utility.rateCardVersion()).isEqualTo("V25");
        assertThat(freeForm).isEqualTo(new Charge(Era.PMP_2026, PricingModel.PMP, PricingCategory.SERVICE, PricingType.REGULAR,
                PricingRule.P_PMP_REGULAR, true, "W", "P", "2026-10", AccountSource.RECORD, "IN", "India", "USD",
                new BigDecimal("0.001300"), "V26", null, null));
        assertThat(dayBefore.pricingRule()).isEqualTo(PricingRule.P_PMP_CSW);
    }

    @Test
    void shouldMarkNoRateWhenAPmp2026FreeFormMessageHasNoServiceRate() {
        AccountHistory euro = PricingFixture.account("B", "Asia/Kolkata", "EUR");
        BusinessMessage message = freeForm(INDIA, "2026-10-02T09:00:00Z", "o5");

        Charge charge = PricingFixture.record(RULES.price(new BilledMessage(message, Rule.S_FREE_FORM, true, null), euro).orElseThrow()).charge();

        assertThat(charge.pricingType()).isEqualTo(PricingType.REGULAR);
        assertThat(charge.pricingRule()).isEqualTo(PricingRule.P_PMP_REGULAR);
        assertThat(charge.billable()).isTrue();
        assertThat(charge.amount()).isNull();
        assertThat(charge.unpricedReason()).isEqualTo(UnpricedReason.NO_RATE);
    }

    @Test
    void shouldPriceNothingWhenTheMessageIsOfACbpEra() {
        BusinessMessage lastCbp = template(INDIA, Category.MARKETING, "2025-06-30T18:29:59.999Z", "o1");
        BusinessMessage firstPmp = template(INDIA, Category.MARKETING, "2025-06-30T18:30:00Z", "o2");

        assertThat(RULES.price(new BilledMessage(lastCbp, Rule.S_TEMPLATE, false, null), KOLKATA)).isEmpty();
        assertThat(RULES.price(new BilledMessage(firstPmp, Rule.S_TEMPLATE, false, null), KOLKATA)).isPresent();
    }

    @Test
    void shouldUseDefaultsWhenTheBusinessHasNoAccount() {
        BusinessMessage message = template("99912345678", Category.MARKETING, "2025-10-01T00:30:00Z", "o4");

        PricedMessage priced = (PricedMessage) PricingFixture.record(RULES.price(new BilledMessage(message, Rule.S_TEMPLATE, false, null), null).orElseThrow());

        assertThat(priced.charge()).isEqualTo(new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.MARKETING,
                PricingType.REGULAR, PricingRule.P_PMP_REGULAR, true, "B", "B", "2025-10", AccountSource.DEFAULT, null,
                "Other", "USD", new BigDecimal("0.060000"), "V25", null, null));
    }

    @Test
    void shouldRefuseBillingThatSectionThreeCannotGiveWhenBuilt() {
        BusinessMessage utility = template(INDIA, Category.UTILITY, "2025-08-05T10:00:00Z", "o3");
        Joined marketing = new Joined(Category.MARKETING, at("2025-08-05T09:00:00Z"), "o1");
        Joined sameCategory = new Joined(Category.UTILITY, at("2025-08-05T09:00:00Z"), "o1");
        BusinessMessage failed = new BusinessMessage("o9", new Pair("B", INDIA), at("2025-08-05T10:00:00Z"),
                MessageType.TEMPLATE, Category.UTILITY, DeliveryStatus.FAILED);

        assertThatThrownBy(() -> new BilledMessage(utility, Rule.S_REJECT, false, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BilledMessage(utility, Rule.W_CSW, true, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BilledMessage(failed, Rule.S_TEMPLATE, true, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BilledMessage(utility, Rule.S_TEMPLATE, true, joined(utility, marketing)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BilledMessage(utility, Rule.S_FREE_FORM, true, joined(utility, sameCategory)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new BilledMessage(utility, Rule.S_TEMPLATE, true, joined(utility, sameCategory)).joined())
                .isEqualTo(joined(utility, sameCategory));
    }

    @Test
    void shouldGiveEqualRecordsWhenTheSameMessageIsPricedTwice() {
        BilledMessage billing = new BilledMessage(template(INDIA, Category.UTILITY, "2025-08-05T10:00:00Z", "o3"), Rule.S_TEMPLATE,
                false, null);

        assertThat(price(billing)).isEqualTo(price(billing)).isNotSameAs(price(billing));
    }
}
