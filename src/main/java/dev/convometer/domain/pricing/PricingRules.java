package dev.convometer.domain.pricing;

import dev.convometer.domain.BilledMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Rule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PRICING.md section 7: a conversation of a LEGACY or CBP era, or an applied business message of a PMP era, and its
 * business number's account history give the priced record, or, where the price is a rank's in a monthly counter
 * (7.11), the counted item that {@link #ranked} prices at its rank. Pure: the same item, history and tables always give
 * an equal record, which is what lets corrections void and re-emit by equality (P-CORRECT).
 */
public final class PricingRules {
    private final RateCard rateCard;
    private final CountryMarkets markets;
    private final AccountDefaults defaults;
    private final CounterSettings counting;
    /** {@link RateCard#bandEnds} of each category, read once: every counter step asks. */
    private final Map<PricingCategory, long[]> bandEnds = new EnumMap<>(PricingCategory.class);

    public PricingRules(RateCard rateCard, CountryMarkets markets, AccountDefaults defaults, CounterSettings counting) {
        this.rateCard = Objects.requireNonNull(rateCard, "rateCard");
        this.markets = Objects.requireNonNull(markets, "markets");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.counting = Objects.requireNonNull(counting, "counting");
        for (PricingCategory category : PricingCategory.values()) {
            bandEnds.put(category, rateCard.bandEnds(PricingModel.PMP, category));
        }
    }

    public CounterSettings counting() {
        return counting;
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
    public Optional<Priced> price(Conversation conversation, AccountHistory history) {
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
            charge = regular(item, PricingModel.CBP, category, PricingRule.P_CBP_REGULAR, 1);
        }
        String chargeId = ChargeId.conversation(businessId, customerId, conversation.openedAt(), conversation.openedBy());
        PricedConversation priced = new PricedConversation(chargeId, businessId, customerId, conversation.category(),
                conversation.openedAt(), conversation.expiresAt(), conversation.openedBy(), charge);
        if (item.era == Era.CBP_2023 && conversation.category() == Category.SERVICE && counting.cbpFreeTier() > 0) {
            return Optional.of(new CountedItem(priced, Counter.cbpService(item.wabaId, item.billingMonth), localDate));
        }
        return Optional.of(priced);
    }

    /**
     * The priced message (P-PMP-FEP, P-PMP-SPAN, P-PMP-CSW, P-PMP-REGULAR; the first that applies), or empty when the
     * message is of a LEGACY or CBP era (its conversation is priced instead).
     */
    public Optional<Priced> price(BilledMessage billing, AccountHistory history) {
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
            charge = regular(item, PricingModel.PMP, pricingCategory, PricingRule.P_PMP_REGULAR, 1);
        }
        String chargeId = ChargeId.message(businessId, customerId, message.timestamp(), message.eventId());
        PricedMessage priced = new PricedMessage(chargeId, message.eventId(), businessId, customerId, message.timestamp(),
                message.type(), category, charge, attributedTo);
        if (charge.pricingRule() != PricingRule.P_PMP_REGULAR) {
            return Optional.of(priced);
        }
        if (message.type() == MessageType.FREE_FORM) {
            // 7.7 step 4 (P-PMP-FREE-TIER) is reached by PMP_2026 free-form messages only: earlier, P-PMP-CSW took them
            return item.era == Era.PMP_2026 && counting.pmpServiceFreeTier() > 0
                    ? Optional.of(new CountedItem(priced, Counter.pmpService(businessId, item.billingMonth), localDate))
                    : Optional.of(priced);
        }
        return pricingCategory.tiered()
                ? Optional.of(new CountedItem(priced, Counter.volumeTier(counting.tierScope(),
                        counting.tierScope().scopeId(charge), item.billingMonth, item.market, pricingCategory), localDate))
                : Optional.of(priced);
    }

    /**
     * A counted item priced at its rank in its counter (P-FREE-TIER, P-PMP-FREE-TIER, P-TIER): within the free tier, free;
     * after it, regular at the rate of the band that holds the rank.
     */
    public PricedItem ranked(CountedItem counted, long rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("a rank counts from 1: " + rank);
        }
        Charge base = counted.item().charge();
        Item item = new Item(counted.localDate(), base.era(), base.wabaId(), base.portfolioId(), base.billingMonth(),
                base.accountSource(), base.country(), base.market(), base.currency());
        Charge charge = switch (counted.counter().kind()) {
            case CBP_SERVICE -> rank <= counting.cbpFreeTier()
                    ? item.free(PricingModel.CBP, base.pricingCategory(), PricingType.FREE_TIER, PricingRule.P_FREE_TIER, true)
                    : regular(item, PricingModel.CBP, base.pricingCategory(), PricingRule.P_CBP_REGULAR, rank);
            case PMP_SERVICE -> rank <= counting.pmpServiceFreeTier()
                    ? item.free(PricingModel.PMP, base.pricingCategory(), PricingType.FREE_CUSTOMER_SERVICE,
                            PricingRule.P_PMP_FREE_TIER, false)
                    : regular(item, PricingModel.PMP, base.pricingCategory(), PricingRule.P_PMP_REGULAR, rank);
            case VOLUME_TIER -> regular(item, PricingModel.PMP, base.pricingCategory(), PricingRule.P_PMP_REGULAR, rank);
        };
        return charge.equals(base) ? counted.item() : counted.item().withCharge(charge);
    }

    /**
     * The ranks after which a counter's price can change (sorted, ascending): its free tier's last rank, or the last rank
     * of every closed band the rate card has for its category. Within two of them every rank prices alike, which is
     * what lets a counter track only the items at these ranks ({@link CounterBook}).
     */
    public long[] boundaries(Counter counter) {
        return switch (counter.kind()) {
            case CBP_SERVICE -> counting.cbpFreeTier() > 0 ? new long[] {counting.cbpFreeTier()} : new long[0];
            case PMP_SERVICE -> counting.pmpServiceFreeTier() > 0 ? new long[] {counting.pmpServiceFreeTier()} : new long[0];
            case VOLUME_TIER -> bandEnds.get(counter.category()).clone();
        };
    }

    /** P-PMP-SPAN: a span-category template that joined a conversation of its category opened in a CBP era. */
    private boolean spans(BilledMessage billing, PricingCategory category, AccountHistory history) {
        Conversation joined = billing.joined();
        return joined != null && category.spansEras()
                && eraAt(billing.message().pair().businessId(), history, joined.openedAt()).cbp();
    }

    /** P-CBP-REGULAR / P-PMP-REGULAR, and P-RATE-MISSING when no rate set applies. */
    private Charge regular(Item item, PricingModel model, PricingCategory category, PricingRule rule, long rank) {
        return rateCard.rate(item.currency, item.market, model, category, item.localDate, rank)
                .map(rate -> item.charge(model, category, PricingType.REGULAR, rule, true, rate.amount(),
                        rate.rateCardVersion(), rate.tier(), null))
                .orElseGet(() -> item.charge(model, category, PricingType.REGULAR, rule, true, null, null, null,
                        UnpricedReason.NO_RATE));
    }

    private Item item(Account account, LocalDate localDate, Era era, String customerId) {
        String country = PhoneCountry.of(customerId);
        return new Item(localDate, era, account.wabaId(), account.portfolioId(), Account.monthOf(localDate),
                account.source(), country, markets.marketOf(country, localDate), account.currency());
    }

    /** What every item's charge shares: its own account, local date, era, month and market at its pricing instant. */
    private record Item(LocalDate localDate, Era era, String wabaId, String portfolioId, String billingMonth,
                        AccountSource source, String country, String market, String currency) {

        Charge charge(PricingModel model, PricingCategory category, PricingType type, PricingRule rule, boolean billable,
                      BigDecimal amount, String rateCardVersion, String tier, UnpricedReason reason) {
            return new Charge(era, model, category, type, rule, billable, wabaId, portfolioId, billingMonth, source, country,
                    market, currency, amount, rateCardVersion, tier, reason);
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
