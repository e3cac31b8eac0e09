package dev.convometer.domain.pricing;

import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.Rule;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

/** Tables and items shared by the pricing tests: a part of the sample kit, with made-up rates. */
final class PricingFixture {
    static final String INDIA = "919810000001";
    static final String US = "14155550123";
    static final String UK = "447700900123";

    static final CountryMarkets MARKETS = CountryMarkets.read(new StringReader("""
            effective_from,country,market
            ,IN,India
            ,US,North America
            ,CA,North America
            ,GB,United Kingdom
            """), "country-markets.csv");

    static final RateCard CARD = RateCard.read(new StringReader("""
            rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate
            V23,2023-06-01,USD,India,CBP,marketing,,,0.0100
            V23,2023-06-01,USD,India,CBP,utility,,,0.0040
            V23,2023-06-01,USD,India,CBP,service,,,0.0040
            V23,2023-06-01,USD,North America,CBP,utility,,,0.0150
            V24-11,2024-11-04,USD,North America,CBP,utility,,,0.0140
            V23,2023-06-01,USD,United Kingdom,CBP,utility,,,0.0210
            V25-03,2025-03-31,USD,United Kingdom,CBP,utility,,,0.0220
            V23,2023-06-01,USD,Other,CBP,marketing,,,0.0600
            V25,2025-07-01,USD,India,PMP,marketing,,,0.0110
            V25,2025-07-01,USD,India,PMP,utility,1,100000,0.0015
            V25,2025-07-01,USD,India,PMP,utility,100001,,0.0014
            V25,2025-07-01,USD,India,PMP,authentication,1,100000,0.0015
            V25,2025-07-01,USD,India,PMP,authentication,100001,,0.0014
            V25,2025-07-01,USD,Other,PMP,marketing,,,0.0600
            V26,2026-10-01,USD,India,PMP,service,,,0.0013
            """), "rate-card.csv");

    static final PricingRules RULES = new PricingRules(CARD, MARKETS, AccountDefaults.STANDARD, new CounterSettings(0, 0, TierScope.PORTFOLIO));

    private PricingFixture() {
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** One undated version: WABA W, portfolio P. */
    static AccountHistory account(String businessId, String zone, String currency) {
        return AccountHistory.of(new AccountDraft(businessId, List.of(new AccountDraft.Version(null, "W", "P", zone, currency))));
    }

    static final AccountHistory KOLKATA = account("B", "Asia/Kolkata", "USD");

    static Conversation conversation(String customerId, Category category, String openedAt, String openedBy) {
        long t = at(openedAt);
        Rule rule = category == Category.FREE_ENTRY_POINT ? Rule.S_FEP_OPEN
                : category == Category.SERVICE ? Rule.S_FREE_FORM : Rule.S_TEMPLATE;
        long length = category == Category.FREE_ENTRY_POINT ? 72 * 3_600_000L : 24 * 3_600_000L;
        return new Conversation(new Pair("B", customerId), category, t, t + length, openedBy, rule);
    }

    static BusinessMessage template(String customerId, Category category, String timestamp, String eventId) {
        return new BusinessMessage(eventId, new Pair("B", customerId), at(timestamp), MessageType.TEMPLATE, category,
                DeliveryStatus.DELIVERED);
    }

    static BusinessMessage freeForm(String customerId, String timestamp, String eventId) {
        return new BusinessMessage(eventId, new Pair("B", customerId), at(timestamp), MessageType.FREE_FORM, null,
                DeliveryStatus.READ);
    }

    /** What slice A's rules give for an item: a counted item's record at rank 1 (free tiers are 0 here). */
    static PricedItem record(Priced priced) {
        return priced instanceof CountedItem counted ? RULES.ranked(counted, 1) : (PricedItem) priced;
    }
}
