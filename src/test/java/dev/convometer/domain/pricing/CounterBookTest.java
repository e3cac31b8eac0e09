package dev.convometer.domain.pricing;

import static dev.convometer.domain.pricing.PricingFixture.MARKETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 7.11-7.12: a counter step prices as if every item had come in P-ORDER, and changes only what crossed a boundary. */
class CounterBookTest {
    private static final RateCard BANDS = RateCard.read(new StringReader("""
            rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate
            T1,2025-07-01,USD,India,PMP,utility,1,2,0.0020
            T1,2025-07-01,USD,India,PMP,utility,3,5,0.0015
            T1,2025-07-01,USD,India,PMP,utility,6,,0.0010
            T1,2023-06-01,USD,India,CBP,service,,,0.0040
            """), "bands.csv");
    private static final PricingRules RULES = new PricingRules(BANDS, MARKETS, AccountDefaults.STANDARD,
            new CounterSettings(3, 0, TierScope.PORTFOLIO));
    private static final LocalDate DAY = LocalDate.of(2025, 9, 10);
    private static final Counter UTILITY = Counter.volumeTier(TierScope.PORTFOLIO, "P", "2025-09", "India", PricingCategory.UTILITY);
    private static final Counter SERVICE = Counter.cbpService("W", "2023-09");

    private final CounterBook book = new CounterBook(RULES);
    private final MemoryCounterItems items = new MemoryCounterItems();

    @Test
    void shouldPriceByBandAndVoidNothingWhenItemsComeInOrder() {
        List<PricedItem> emitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            CounterChange change = book.apply(items, UTILITY, List.of(), List.of(utility(1000L * i, "c" + i)));
            assertThat(change.voided()).isEmpty();
            emitted.addAll(change.emitted());
        }

        assertThat(emitted).extracting(item -> item.charge().tier())
                .containsExactly("1:2", "1:2", "3:5", "3:5", "3:5", "6:", "6:");
        assertThat(emitted).extracting(item -> item.charge().amount())
                .containsExactly(new BigDecimal("0.002000"), new BigDecimal("0.002000"), new BigDecimal("0.001500"),
                        new BigDecimal("0.001500"), new BigDecimal("0.001500"), new BigDecimal("0.001000"),
                        new BigDecimal("0.001000"));
    }

    @Test
    void shouldRepriceOnlyTheItemsAtTheBoundariesWhenALateItemComesFirst() {
        for (int i = 1; i <= 6; i++) {
            book.apply(items, UTILITY, List.of(), List.of(utility(1000L * i, "c" + i)));
        }

        CounterChange change = book.apply(items, UTILITY, List.of(), List.of(utility(0, "late")));

        // c2 crosses 2 -> 3, c5 crosses 5 -> 6; c6 was past every boundary already
        assertThat(change.voided()).extracting(PricedItem::customerId).containsExactly("c2", "c5");
        assertThat(change.emitted()).extracting(PricedItem::customerId).containsExactly("late", "c2", "c5");
        assertThat(change.emitted()).extracting(item -> item.charge().tier()).containsExactly("1:2", "3:5", "6:");
    }

    @Test
    void shouldDoNothingWhenAnItemIsAddedAgainOrAnUnknownOneRetracted() {
        CountedItem item = utility(1000, "c1");
        book.apply(items, UTILITY, List.of(), List.of(item));

        assertThat(book.apply(items, UTILITY, List.of(), List.of(item)).isEmpty()).isTrue();
        assertThat(book.apply(items, UTILITY, List.of(utility(5, "never")), List.of()).isEmpty()).isTrue();
    }

    @Test
    void shouldGiveTheFreeTierToTheFirstItemsWhenAnEarlierOneIsRetracted() {
        List<CountedItem> served = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            served.add(service(1000L * i, "c" + i));
            book.apply(items, SERVICE, List.of(), List.of(served.get(i)));
        }

        CounterChange change = book.apply(items, SERVICE, List.of(served.get(0)), List.of());

        assertThat(change.voided()).extracting(PricedItem::customerId).containsExactly("c0", "c3");
        assertThat(change.emitted()).singleElement().satisfies(item -> {
            assertThat(item.customerId()).isEqualTo("c3");
            assertThat(item.charge().pricingType()).isEqualTo(PricingType.FREE_TIER);
            assertThat(item.charge().pricingRule()).isEqualTo(PricingRule.P_FREE_TIER);
            assertThat(item.charge().billable()).isTrue();
            assertThat(item.charge().rateCardVersion()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldNetToTheSortedResultWhenItemsComeAndGoInAnyOrder(long seed) {
        Random random = new Random(seed);
        List<CountedItem> universe = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // few instants, so that many items share one and order by their ids
            universe.add(utility(1000L * random.nextInt(8), "c" + random.nextInt(1000) + "-" + i));
        }
        List<CountedItem> present = new ArrayList<>();
        Map<PricedItem, Integer> net = new HashMap<>();
        for (int step = 0; step < 300; step++) {
            List<CountedItem> retracts = new ArrayList<>();
            List<CountedItem> adds = new ArrayList<>();
            for (int n = random.nextInt(3) + 1; n > 0; n--) {
                CountedItem item = universe.get(random.nextInt(universe.size()));
                if (present.contains(item) && !retracts.contains(item)) {
                    retracts.add(item);
                } else if (!present.contains(item) && !adds.contains(item)) {
                    adds.add(item);
                }
            }
            present.removeAll(retracts);
            present.addAll(adds);

            CounterChange change = book.apply(items, UTILITY, retracts, adds);

            assertThat(change.voided()).allSatisfy(voided -> assertThat(change.emitted()).doesNotContain(voided));
            for (PricedItem voided : change.voided()) {
                assertThat(net.merge(voided, -1, Integer::sum)).as("a void cancels a record emitted").isGreaterThanOrEqualTo(0);
            }
            change.emitted().forEach(item -> net.merge(item, 1, Integer::sum));
            net.values().removeIf(count -> count == 0);
            assertThat(net).isEqualTo(sortedResult(present));
        }
    }

    /** Every item ranked in P-ORDER and priced at its rank: what the counter must net to. */
    private static Map<PricedItem, Integer> sortedResult(List<CountedItem> present) {
        List<CountedItem> sorted = new ArrayList<>(present);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        Map<PricedItem, Integer> result = new HashMap<>();
        for (int rank = 1; rank <= sorted.size(); rank++) {
            result.merge(RULES.ranked(sorted.get(rank - 1), rank), 1, Integer::sum);
        }
        return result;
    }

    private static CountedItem utility(long t, String customerId) {
        long instant = PricingFixture.at("2025-09-10T10:00:00Z") + t;
        Charge charge = new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.UTILITY, PricingType.REGULAR,
                PricingRule.P_PMP_REGULAR, true, "W", "P", "2025-09", AccountSource.RECORD, "IN", "India", "USD",
                new BigDecimal("0.002000"), "T1", "1:2", null);
        PricedMessage message = new PricedMessage(ChargeId.message("B", customerId, instant, "o-" + customerId), "o-" + customerId,
                "B", customerId, instant, MessageType.TEMPLATE, Category.UTILITY, charge, null);
        return new CountedItem(message, UTILITY, DAY);
    }

    private static CountedItem service(long t, String customerId) {
        long instant = PricingFixture.at("2023-09-10T10:00:00Z") + t;
        Charge charge = new Charge(Era.CBP_2023, PricingModel.CBP, PricingCategory.SERVICE, PricingType.REGULAR,
                PricingRule.P_CBP_REGULAR, true, "W", "P", "2023-09", AccountSource.RECORD, "IN", "India", "USD",
                new BigDecimal("0.004000"), "T1", null, null);
        PricedConversation conversation = new PricedConversation(ChargeId.conversation("B", customerId, instant, "o-" + customerId),
                "B", customerId, Category.SERVICE, instant, instant + 86_400_000L, "o-" + customerId, charge);
        return new CountedItem(conversation, SERVICE, LocalDate.of(2023, 9, 10));
    }
}
