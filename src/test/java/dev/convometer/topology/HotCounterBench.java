package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.pricing.AccountDefaults;
import dev.convometer.domain.pricing.AccountSource;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.ChargeId;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.Counter;
import dev.convometer.domain.pricing.CounterBook;
import dev.convometer.domain.pricing.CounterChange;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.CountryMarkets;
import dev.convometer.domain.pricing.Era;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.PricingCategory;
import dev.convometer.domain.pricing.PricingModel;
import dev.convometer.domain.pricing.PricingRule;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.PricingType;
import dev.convometer.domain.pricing.RateCard;
import dev.convometer.domain.pricing.TierScope;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Benchmark, not a test: the counter stage's step (PRICING 7.13) on one hot counter, a portfolio's utility messages of
 * one month in one market, over RocksDB stores built as the service builds them (persistent, no cache). Adds
 * {@code --items} messages in P-ORDER (each a step, as each delta is), timing each block of a tenth; after each block,
 * {@code --late} steps that each add one message at a random earlier place (a late event) and take it back. Bands end
 * at 100,000, 500,000 and 1,000,000, as volume tiers do, so late steps re-price the items at the boundaries. Prints one
 * {@code key=value} line per block: the counter's size, microseconds per in-order step and per late step; then the bytes
 * of one stored entry and its key, and the state directory's size.
 */
public final class HotCounterBench {
    private static final String CARD = """
            rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate
            B,2025-07-01,USD,India,PMP,utility,1,100000,0.0014
            B,2025-07-01,USD,India,PMP,utility,100001,500000,0.0012
            B,2025-07-01,USD,India,PMP,utility,500001,1000000,0.0010
            B,2025-07-01,USD,India,PMP,utility,1000001,,0.0008
            """;

    private HotCounterBench() {
    }

    public static void main(String[] args) throws IOException {
        String known = "--items N --late N";
        int total = BenchState.option(args, "--items", 1_000_000, known);
        int late = BenchState.option(args, "--late", 1_000, known);
        try (BenchState state = new BenchState("hot-counter-bench")) {
            run(state, total, late);
        }
    }

    private static void run(BenchState state, int total, int lateSteps) throws IOException {
        KeyValueStore<Bytes, byte[]> items = state.store(BillingTopology.COUNTER_ITEMS_STORE, Serdes.Bytes(), Serdes.ByteArray());
        KeyValueStore<String, byte[]> heads = state.store(BillingTopology.COUNTER_HEADS_STORE, Serdes.String(), Serdes.ByteArray());
        KeyValueStore<Bytes, byte[]> months = state.store(BillingTopology.COUNTER_MONTHS_STORE, Serdes.Bytes(), Serdes.ByteArray());
        PricingRules rules = new PricingRules(RateCard.read(new StringReader(CARD), "bands.csv"),
                CountryMarkets.read(new StringReader("effective_from,country,market\n,IN,India\n"), "markets.csv"),
                AccountDefaults.STANDARD, new CounterSettings(0, 0, TierScope.PORTFOLIO));
        CounterBook book = new CounterBook(rules);
        CounterStore store = new CounterStore(items, heads, months);
        // as PricingRules keys a portfolio's utility counter of September 2025 in India
        Counter counter = new Counter(Counter.Kind.VOLUME_TIER, "volume-tier/portfolio/P/2025-09/India/utility");
        long start = Instant.parse("2025-09-01T00:00:00Z").toEpochMilli();
        long spacing = 2_000; // 1M messages over 23 days of the month
        Random random = new Random(1);
        int block = Math.max(1, total / 10);
        for (int done = 0; done < total; ) {
            long t0 = System.nanoTime();
            for (int i = 0; i < block && done < total; i++, done++) {
                book.apply(store, counter, List.of(), List.of(item(counter, start + done * spacing, "c" + done)));
            }
            double inOrderMicros = (System.nanoTime() - t0) / 1e3 / block;
            long voided = 0;
            long t1 = System.nanoTime();
            for (int i = 0; i < lateSteps; i++) {
                CountedItem early = item(counter, start + (long) (random.nextDouble() * done) * spacing + 1, "late" + i);
                CounterChange added = book.apply(store, counter, List.of(), List.of(early));
                CounterChange taken = book.apply(store, counter, List.of(early), List.of());
                voided += added.voided().size() + taken.voided().size();
            }
            double lateMicros = lateSteps == 0 ? 0 : (System.nanoTime() - t1) / 1e3 / (2.0 * lateSteps);
            System.out.printf("size=%d in_order_us=%.1f late_us=%.1f late_voided=%d%n", done, inOrderMicros,
                    lateMicros, voided);
        }
        CountedItem last = item(counter, start + (total - 1) * spacing, "c" + (total - 1));
        System.out.printf("entry_bytes=%d key_bytes=%d state_mb=%.1f%n",
                CounterFormat.encode(store.get(counter, last.key())).length, CounterFormat.itemKey(counter, last.key()).length,
                state.bytesOnDisk() / 1e6);
    }

    private static CountedItem item(Counter counter, long instant, String customerId) {
        Charge charge = new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.UTILITY, PricingType.REGULAR,
                PricingRule.P_PMP_REGULAR, true, "W", "P", "2025-09", AccountSource.RECORD, "IN", "India", "USD",
                new BigDecimal("0.001400"), "B", "1:100000", null);
        String eventId = "o-" + customerId;
        PricedMessage message = new PricedMessage(ChargeId.message("15550001", customerId, instant, eventId), eventId,
                "15550001", customerId, instant, MessageType.TEMPLATE, Category.UTILITY, charge, null);
        return new CountedItem(message, counter, LocalDate.of(2025, 9, 1));
    }
}
