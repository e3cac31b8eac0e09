package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.local.PricedTraffic.Priced;
import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pricing on a real KRaft broker, exactly-once (PRICING 7.2, 7.9, 7.10): generated traffic from 2025-06-29 to
 * 2025-07-02 in the zones of its accounts, so that items on both sides of the PMP start (local midnight of 2025-07-01)
 * and of a business's second account version are priced; the accounts published before the events. What the service
 * committed to the priced topics, emitted minus voided, is what replay in O-ORDER writes with the same accounts and
 * tables, every field, whether the traffic arrives in O-ORDER or up to two days late. With the monthly counters on
 * (PRICING 7.11-7.13: free tiers of 2, a card with bands of two), the same across a month end: what the counter stage
 * committed, net, is what replay ranks.
 */
class PricingLiveTest {
    private static final int PARTITIONS = 3;
    private static final int PAIRS = 300;
    private static final int EVENTS = 4_000;
    private static final long SEED = 29;
    private static final Instant START = Instant.parse("2025-06-29T00:00:00Z");
    private static final int DAYS = 4;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(3);
    /** Across the end of September 2025 in every zone: each portfolio's counters of two months. */
    private static final Instant MONTH_END_START = Instant.parse("2025-09-29T00:00:00Z");
    private static final String FREE_TIER = PricedTraffic.FREE_TIER;

    private static LocalKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SharedBroker.kafka();
    }

    @Test
    void shouldPriceExactlyAsReplayWhenTrafficAcrossThePmpStartIsBilledLiveInOOrder() throws Exception {
        Path traffic = generate(Duration.ZERO);
        Priced expected = replay(traffic);

        Priced live = billLive(TrafficFiles.readSorted(List.of(traffic), null).events());

        assertSpansErasZonesAndCurrencies(expected);
        assertThat(live.net()).isEqualTo(expected.net());
    }

    @Test
    void shouldPriceExactlyAsReplayOfTheSameLinesInOOrderWhenTrafficArrivesUpToTwoDaysLate() throws Exception {
        Path traffic = generate(Duration.ofDays(2));
        Priced expected = replay(traffic);
        List<TrafficLine> arrivals = TrafficFiles.readInFileOrder(List.of(traffic), null).events();

        Priced live = billLive(arrivals);

        assertSpansErasZonesAndCurrencies(expected);
        assertThat(live.conversationsVoided.size() + live.messagesVoided.size()).as("late events re-priced records").isPositive();
        assertThat(live.net()).isEqualTo(expected.net());
    }

    @Test
    void shouldCountExactlyAsReplayWhenTrafficAcrossAMonthEndIsBilledLiveInOOrder() throws Exception {
        Path traffic = generate(Duration.ZERO, MONTH_END_START);
        Priced expected = replay(traffic, countingCard(), "--cbp-free-tier", FREE_TIER, "--pmp-service-free-tier", FREE_TIER);

        Priced live = billLive(TrafficFiles.readSorted(List.of(traffic), null).events(), countingCard(), FREE_TIER);

        assertRanksAcrossTheMonthEnd(expected);
        assertThat(live.net()).isEqualTo(expected.net());
    }

    @Test
    void shouldCountExactlyAsReplayOfTheSameLinesInOOrderWhenTrafficAcrossAMonthEndArrivesUpToTwoDaysLate() throws Exception {
        Path traffic = generate(Duration.ofDays(2), MONTH_END_START);
        Priced expected = replay(traffic, countingCard(), "--cbp-free-tier", FREE_TIER, "--pmp-service-free-tier", FREE_TIER);

        Priced live = billLive(TrafficFiles.readInFileOrder(List.of(traffic), null).events(), countingCard(), FREE_TIER);

        assertRanksAcrossTheMonthEnd(expected);
        assertThat(live.messagesVoided).as("late items re-ranked records").isNotEmpty();
        assertThat(live.net()).isEqualTo(expected.net());
    }

    /** Replay ranked utility messages into both bands in both months. */
    private static void assertRanksAcrossTheMonthEnd(Priced expected) {
        assertThat(expected.messages).hasSizeGreaterThan(200);
        assertThat(field(expected.messages, "tier")).contains("1:2", "3:");
        assertThat(field(expected.messages, "billing_month")).contains("2025-09", "2025-10");
    }

    private static Path countingCard() throws Exception {
        return PricedTraffic.countingCard();
    }

    private Path generate(Duration lateness) throws Exception {
        return generate(lateness, START);
    }

    /** The traffic (lines delayed by up to {@code lateness}, in arrival order) and, beside it, its accounts. */
    private Path generate(Duration lateness, Instant start) throws Exception {
        return PricedTraffic.generate(dir, PAIRS, EVENTS, SEED, lateness, start, DAYS);
    }

    private Priced replay(Path traffic) throws Exception {
        return replay(traffic, kit("rate-card.csv"));
    }

    /** Replay of {@code traffic} in O-ORDER (its default) with the accounts, {@code rateCard} and the kit's markets. */
    private Priced replay(Path traffic, Path rateCard, String... options) throws Exception {
        return PricedTraffic.replay(dir, traffic, rateCard, options);
    }

    private Priced billLive(List<TrafficLine> events) throws Exception {
        return billLive(events, kit("rate-card.csv"), String.valueOf(CounterSettings.DEFAULT_FREE_TIER));
    }

    /**
     * Publishes the accounts, then {@code events} in the order given, and reads what the service commits until it caught
     * up; both free tiers {@code freeTier}.
     */
    private Priced billLive(List<TrafficLine> events, Path rateCard, String freeTier) throws Exception {
        ServiceConfig config = SharedBroker.freshConfig("pricing", dir.resolve("state"))
                .with("pricing.enabled", "true")
                .with("pricing.rate-card.path", rateCard.toString())
                .with("pricing.country-markets.path", kit("country-markets.csv").toString())
                .with("pricing.cbp.free-tier", freeTier)
                .with("pricing.pmp.service-free-tier", freeTier);
        kafka.createTopics(PARTITIONS, config.topics());
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream()));
        publisher.publishAccounts(AccountFile.readAll(List.of(PricedTraffic.accounts(dir)), null).histories().values());
        publisher.publish(events);

        Priced live = new Priced();
        BillingCounters counters = new BillingCounters();
        try (BillingService service = new BillingService(config, counters);
             CommittedOutputs outputs = new CommittedOutputs(config, topics)) {
            service.start();
            outputs.readUntilCaughtUp(new CommittedOutputs.Listener(c -> { }, r -> { }, v -> { }, w -> { }, live::add), IDLE_TIMEOUT, service);
        }
        assertThat(counters.deadLetters()).as("no account nor event refused").isZero();
        return live;
    }

    /** Replay's result reaches both sides of the PMP start, several zones' local dates, both currencies. */
    private static void assertSpansErasZonesAndCurrencies(Priced expected) {
        assertThat(expected.conversations).hasSizeGreaterThan(200);
        assertThat(expected.messages).hasSizeGreaterThan(200);
        assertThat(field(expected.conversations, "era")).contains("CBP_2024");
        assertThat(field(expected.messages, "era")).containsExactly("PMP_2025");
        assertThat(field(expected.messages, "billing_month")).as("local dates: PMP from local midnight").containsExactly("2025-07");
        assertThat(field(expected.conversations, "billing_month")).contains("2025-06");
        assertThat(field(expected.conversations, "opened_at")).as("CBP after UTC midnight: west of UTC")
                .anyMatch(at -> at.compareTo("2025-07-01T") > 0);
        assertThat(field(expected.messages, "timestamp")).as("PMP before UTC midnight: east of UTC")
                .anyMatch(at -> at.compareTo("2025-07-01T") < 0);
        assertThat(field(expected.conversations, "currency")).contains("USD", "EUR");
        assertThat(field(expected.messages, "pricing_type")).contains("regular", "free_customer_service");
    }

    private static Set<String> field(List<String> lines, String name) {
        return PricedTraffic.field(lines, name);
    }

    private static Path kit(String table) throws Exception {
        return PricedTraffic.kit(table);
    }
}
