package dev.convometer.domain.pricing;

import dev.convometer.domain.BilledMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Rule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Slice A of PRICING.md section 7: a conversation of a LEGACY or CBP era, or an applied business message of a PMP era,
 * and its business number's account history give the priced record. Pure: the same item, history and tables always
 * give an equal record, which is what lets corrections void and re-emit by equality (P-CORRECT).
 */
public final class PricingRules {
    /** The volume-tier rank every item has until slice B counts: the first band. */
    static final long UNCOUNTED_RANK = 1;

    private final RateCard rateCard;
    private final CountryMarkets markets;
    private final AccountDefaults defaults;
    private final FreeTiers freeTiers;

    public PricingRules(RateCard rateCard, CountryMarkets markets, AccountDefaults defaults, FreeTiers freeTiers) {
        this.rateCard = Objects.requireNonNull(rateCard, "rateCard");
        this.markets = Objects.requireNonNull(markets, "markets");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.freeTiers = Objects.requireNonNull(freeTiers, "freeTiers");
    }

    public FreeTiers freeTiers() {
        return freeTiers;
    }

    /** P-ERA of an instant of a business number: by its local date in the P-ACCOUNT zone at that instant. */
    public Era eraAt(String businessId, AccountHistory history, long t) {
        Account account = Account.at(businessId, history, t, defaults);
        return Era.on(account.localDate(t));
    }

    /**
     * The priced conversation (P-LEGACY, P-CBP-FEP, P-CBP-SERVICE-FREE, P-CBP-REGULAR), or empty when the conversation
     * is of a PMP era (P-UNIT: then its messages are priced instead). {@code history} is that of the conversation's
     * business number, null when it has none.
     */
    public Optional<PricedConversation> price(Conversation conversation, AccountHistory history) {
        String businessId = conversation.pair().businessId();
        String customerId = conversation.pair().customerId();
        Account account = Account.at(businessId, history, conversation.openedAt(), defaults);
        LocalDate localDate = account.localDate(conversation.openedAt());
        Era era = Era.on(localDate);
        if (!era.pricesConversations()) {
            return Optional.empty(); // before anything else is looked up: half the items of a switch are the other unit
        }
        Item item = item(account, localDate, era, customerId);
        PricingCategory category = PricingCategory.of(conversation.category());
        Charge charge;
        if (item.era == Era.LEGACY) {
            charge = item.unpriced(category, conversation.billable());
        } else if (conversation.category() == Category.FREE_ENTRY_POINT) {
            charge = item.free(PricingModel.CBP, category, PricingType.FREE_ENTRY_POINT, PricingRule.P_CBP_FEP, false);
        } else if (item.era == Era.CBP_2024 && conversation.category() == Category.SERVICE) {
            charge = item.free(PricingModel.CBP, category, PricingType.FREE_CUSTOMER_SERVICE,
                    PricingRule.P_CBP_SERVICE_FREE, false);
        } else {
            charge = regular(item, PricingModel.CBP, category, PricingRule.P_CBP_REGULAR);
        }
        String chargeId = ChargeId.conversation(businessId, customerId, conversation.openedAt(), conversation.openedBy());
        return Optional.of(new PricedConversation(chargeId, businessId, customerId, conversation.category(),
                conversation.openedAt(), conversation.expiresAt(), conversation.openedBy(), charge));
    }

    /**
     * The priced message (P-PMP-FEP, P-PMP-SPAN, P-PMP-CSW, P-PMP-REGULAR; the first that applies), or empty when the
     * message is of a LEGACY or CBP era (its conversation is priced instead).
     */
    public Optional<PricedMessage> price(BilledMessage billing, AccountHistory history) {
        var message = billing.message();
        String businessId = message.pair().businessId();
        String customerId = message.pair().customerId();
        Account account = Account.at(businessId, history, message.timestamp(), defaults);
        LocalDate localDate = account.localDate(message.timestamp());
        Era era = Era.on(localDate);
        if (!era.pricesMessages()) {
            return Optional.empty();
        }
        Item item = item(account, localDate, era, customerId);
        Category category = message.type() == MessageType.TEMPLATE ? message.category() : Category.SERVICE;
        PricingCategory pricingCategory = PricingCategory.of(category);
        String attributedTo = null;
        Charge charge;
        if (billing.rule() == Rule.S_FEP_OPEN || billing.rule() == Rule.S_FEP_JOIN) {
            charge = item.free(PricingModel.PMP, pricingCategory, PricingType.FREE_ENTRY_POINT, PricingRule.P_PMP_FEP, false);
        } else if (spans(billing, pricingCategory, history)) {
            Conversation joined = billing.joined();
            // a conversation open across the upgrade that started storing openers has none: nothing can name it
            attributedTo = joined.openedBy() == null ? null
                    : ChargeId.conversation(businessId, customerId, joined.openedAt(), joined.openedBy());
            // paid for as a conversation: billable, at no further charge
            charge = item.free(PricingModel.CBP, pricingCategory, PricingType.CBP_CONVERSATION, PricingRule.P_PMP_SPAN, true);
        } else if (item.era == Era.PMP_2025 && (message.type() == MessageType.FREE_FORM
                || (category == Category.UTILITY && billing.windowOpenBefore()))) {
            charge = item.free(PricingModel.PMP, pricingCategory, PricingType.FREE_CUSTOMER_SERVICE, PricingRule.P_PMP_CSW,
                    false);
        } else {
            // PMP_2026 free-form too, at the service rate, until slice B's free tier (P-PMP-FREE-TIER)
            charge = regular(item, PricingModel.PMP, pricingCategory, PricingRule.P_PMP_REGULAR);
        }
        String chargeId = ChargeId.message(businessId, customerId, message.timestamp(), message.eventId());
        return Optional.of(new PricedMessage(chargeId, message.eventId(), businessId, customerId, message.timestamp(),
                message.type(), category, charge, attributedTo));
    }

    /** P-PMP-SPAN: a span-category template that joined a conversation of its category opened in a CBP era. */
    private boolean spans(BilledMessage billing, PricingCategory category, AccountHistory history) {
        Conversation joined = billing.joined();
        return joined != null && category.spansEras()
                && eraAt(billing.message().pair().businessId(), history, joined.openedAt()).cbp();
    }

    /** P-CBP-REGULAR / P-PMP-REGULAR, and P-RATE-MISSING when no rate set applies. */
    private Charge regular(Item item, PricingModel model, PricingCategory category, PricingRule rule) {
        return rateCard.rate(item.account.currency(), item.market, model, category, item.localDate, UNCOUNTED_RANK)
                .map(rate -> item.charge(model, category, PricingType.REGULAR, rule, true, rate.amount(),
                        rate.rateCardVersion(), rate.tier(), null))
                .orElseGet(() -> item.charge(model, category, PricingType.REGULAR, rule, true, null, null, null,
                        UnpricedReason.NO_RATE));
    }

    private Item item(Account account, LocalDate localDate, Era era, String customerId) {
        String country = PhoneCountry.of(customerId);
        return new Item(account, localDate, era, Account.monthOf(localDate), country, markets.marketOf(country, localDate));
    }

    /** What every item's charge shares: its own account, local date, era, month and market at its pricing instant. */
    private record Item(Account account, LocalDate localDate, Era era, String billingMonth, String country, String market) {

        Charge charge(PricingModel model, PricingCategory category, PricingType type, PricingRule rule, boolean billable,
                      BigDecimal amount, String rateCardVersion, String tier, UnpricedReason reason) {
            return new Charge(era, model, category, type, rule, billable, account.wabaId(), account.portfolioId(),
                    billingMonth, account.source(), country, market, account.currency(), amount, rateCardVersion, tier,
                    reason);
        }

        Charge free(PricingModel model, PricingCategory category, PricingType type, PricingRule rule, boolean billable) {
            return charge(model, category, type, rule, billable, Charge.FREE, null, null, null);
        }

        /** P-LEGACY: billable as on conversation-opened, no amount. */
        Charge unpriced(PricingCategory category, boolean billable) {
            return charge(PricingModel.CBP, category, PricingType.UNPRICED, PricingRule.P_LEGACY, billable, null, null,
                    null, UnpricedReason.LEGACY_ERA);
        }
    }
}
