package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.PricedMessage;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.domain.pricing.AccountDefaults;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.CountryMarkets;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.RateCard;
import dev.convometer.domain.pricing.TierScope;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counter stage in the live topology (PRICING 7.11-7.13), through the counter repartition topic and RocksDB stores:
 * volume tiers by rank in P-ORDER across the businesses of one portfolio, a late item re-pricing only the record that
 * crossed a band boundary, state restored from the changelogs, and a final month freed by punctuation. The card is the
 * count-late-band scenario's: utility in India 0.0020 for ranks 1-2, 0.0015 from 3.
 */
class CounterStageTest {
    private static final String BUSINESS = "15550101";
    private static final String OTHER_BUSINESS = "15550103";
    private static final PricingRules RULES = new PricingRules(
            RateCard.read(new StringReader("rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate\n"
                    + "COUNT-2025-07,2025-07-01,USD,India,PMP,utility,1,2,0.0020\n"
                    + "COUNT-2025-07,2025-07-01,USD,India,PMP,utility,3,,0.0015\n"), "rate-card.csv"),
            CountryMarkets.read(new StringReader("effective_from,country,market\n,IN,India\n"), "markets.csv"),
            AccountDefaults.STANDARD, new CounterSettings(0, 0, TierScope.PORTFOLIO));
    private static final String SEPTEMBER_TIER = "volume-tier/portfolio/PA/2025-09/India/utility";

    @TempDir
    Path dir;

    private final String scope = "counter-stage-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestOutputTopic<String, PricedMessage> priced;
    private TestOutputTopic<String, PricedMessageVoided> voided;

    private void start(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(BillingTopology.build(topics, BillingSettings.DEFAULTS.withPricing(RULES), counters), props);
        TestInputTopic<String, BusinessAccount> accounts = driver.createInputTopic(topics.businessAccounts.name(), new StringSerializer(),
                topics.businessAccounts.valueSerde().serializer());
        for (String business : List.of(BUSINESS, OTHER_BUSINESS)) {
            accounts.pipeInput(business, new BusinessAccount(business, List.of(new AccountVersion(null, "WA", "PA", "Asia/Kolkata", "USD"))));
        }
        outbound = driver.createInputTopic(topics.outboundSend.name(), new ByteArraySerializer(), topics.outboundSend.valueSerde().serializer());
        StringDeserializer keys = new StringDeserializer();
        priced = driver.createOutputTopic(topics.pricedMessage.name(), keys, topics.pricedMessage.valueSerde().deserializer());
        voided = driver.createOutputTopic(topics.pricedMessageVoided.name(), keys, topics.pricedMessageVoided.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        SchemaRegistry.dropMockScope(scope);
    }

    /** A utility template to its own customer: it opens a conversation, so it is a regular message, counted. */
    private void utility(String id, String business, String customer, String instant) {
        outbound.pipeInput(null, new OutboundSend(id, business, customer, Instant.parse(instant), MessageType.template,
                TemplateCategory.utility, null), Instant.parse(instant));
    }

    private final List<Runnable> september = List.of(
            () -> utility("o4", OTHER_BUSINESS, "919810000004", "2025-09-10T09:30:00Z"),
            () -> utility("o1", BUSINESS, "919810000001", "2025-09-10T10:00:00Z"),
            () -> utility("o2", BUSINESS, "919810000002", "2025-09-10T11:00:00Z"),
            () -> utility("o3", BUSINESS, "919810000003", "2025-09-10T12:00:00Z"));

    @Test
    void shouldPriceBandsByRankAndVoidNothingWhenMessagesArriveInOrder() {
        start(dir);

        september.forEach(Runnable::run);

        List<TestRecord<String, PricedMessage>> records = priced.readRecordsToList();
        assertThat(records).extracting(r -> r.value().getEventId()).containsExactly("o4", "o1", "o2", "o3");
        assertThat(records).extracting(r -> r.value().getTier()).containsExactly("1:2", "1:2", "3:", "3:");
        assertThat(records).extracting(r -> r.value().getAmount()).containsExactly("0.002000", "0.002000", "0.001500", "0.001500");
        assertThat(records).extracting(TestRecord::key).containsOnly("WA");
        assertThat(records).extracting(TestRecord::getRecordTime).containsExactly(Instant.parse("2025-09-10T09:30:00Z"),
                Instant.parse("2025-09-10T10:00:00Z"), Instant.parse("2025-09-10T11:00:00Z"), Instant.parse("2025-09-10T12:00:00Z"));
        assertThat(voided.isEmpty()).isTrue();
        assertThat(counters.priced()).isEqualTo(4);
        assertThat(counters.pricedVoided()).isZero();
    }

    @Test
    void shouldVoidOnlyTheRecordThatCrossedTheBandWhenAnEarlierMessageOfThePortfolioArrivesLate() {
        start(dir.resolve("in-order"));
        september.forEach(Runnable::run);
        List<String> inOrder = net(priced.readValuesToList(), voided.readValuesToList());
        driver.close();

        start(dir.resolve("late"));
        september.subList(1, 4).forEach(Runnable::run);
        List<PricedMessage> before = priced.readValuesToList();
        september.get(0).run();

        List<PricedMessageVoided> taken = voided.readValuesToList();
        assertThat(taken).extracting(PricedMessageVoided::getEventId).containsExactly("o2");
        assertThat(taken.get(0).getTier()).isEqualTo("1:2");
        assertThat(taken.get(0).getVoidedBy()).isEqualTo("o4");
        List<PricedMessage> emitted = priced.readValuesToList();
        assertThat(emitted).extracting(PricedMessage::getEventId).containsExactly("o4", "o2");
        assertThat(emitted).extracting(PricedMessage::getTier).containsExactly("1:2", "3:");
        List<PricedMessage> all = new ArrayList<>(before);
        all.addAll(emitted);
        assertThat(net(all, taken)).containsExactlyInAnyOrderElementsOf(inOrder);
        assertThat(counters.pricedVoided()).isEqualTo(1);
    }

    @Test
    void shouldNetToTheInOrderResultWhenTheLateMessageComesAtAnyPosition() {
        start(dir.resolve("in-order"));
        september.forEach(Runnable::run);
        List<String> inOrder = net(priced.readValuesToList(), voided.readValuesToList());

        for (int late = 0; late < september.size(); late++) {
            driver.close();
            start(dir.resolve("late-" + late));
            List<PricedMessage> emitted = new ArrayList<>();
            List<PricedMessageVoided> taken = new ArrayList<>();
            for (int i = 0; i < september.size(); i++) {
                if (i != late) {
                    september.get(i).run();
                }
            }
            september.get(late).run();
            emitted.addAll(priced.readValuesToList());
            taken.addAll(voided.readValuesToList());

            assertThat(net(emitted, taken)).as("o%d late", late).containsExactlyInAnyOrderElementsOf(inOrder);
        }
    }

    @Test
    void shouldContinueWhereItWasWhenItsStoresAreRestoredFromTheirChangelogsAfterARestart() {
        start(dir.resolve("first"));
        september.subList(1, 3).forEach(Runnable::run);
        assertThat(priced.readValuesToList()).extracting(PricedMessage::getTier).containsExactly("1:2", "1:2");
        Map<String, List<TestRecord<byte[], byte[]>>> changelogs = new HashMap<>();
        for (String store : List.of(BillingTopology.COUNTER_ITEMS_STORE, BillingTopology.COUNTER_HEADS_STORE, BillingTopology.COUNTER_MONTHS_STORE)) {
            changelogs.put(store, driver.createOutputTopic("counter-test-" + store + "-changelog", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList());
        }
        driver.close();

        // another instance takes the counters over (a rebalance, or a restart without local state): it restores the
        // stage's stores from their changelogs, as Kafka Streams does, before it processes anything
        start(dir.resolve("second"));
        restore(BillingTopology.COUNTER_ITEMS_STORE, changelogs, Bytes::wrap);
        restore(BillingTopology.COUNTER_HEADS_STORE, changelogs, key -> new String(key, StandardCharsets.UTF_8));
        restore(BillingTopology.COUNTER_MONTHS_STORE, changelogs, Bytes::wrap);
        september.get(3).run();
        assertThat(priced.readValuesToList()).extracting(PricedMessage::getTier).as("the third of the month").containsExactly("3:");
        september.get(0).run();

        assertThat(voided.readValuesToList()).extracting(PricedMessageVoided::getEventId).containsExactly("o2");
        assertThat(priced.readValuesToList()).extracting(PricedMessage::getEventId).containsExactly("o4", "o2");
    }

    private <K> void restore(String store, Map<String, List<TestRecord<byte[], byte[]>>> changelogs, Function<byte[], K> key) {
        KeyValueStore<K, byte[]> restored = driver.getKeyValueStore(store);
        assertThat(changelogs.get(store)).as("%s is changelogged", store).isNotEmpty();
        for (TestRecord<byte[], byte[]> record : changelogs.get(store)) {
            if (record.value() == null) {
                restored.delete(key.apply(record.key()));
            } else {
                restored.put(key.apply(record.key()), record.value());
            }
        }
    }

    @Test
    void shouldFreeAMonthWhenStreamTimePassesItsEndInUtcMinus12PlusTheCorrectionHorizon() {
        start(dir);
        september.forEach(Runnable::run);
        assertThat(counterKeys()).contains(SEPTEMBER_TIER);
        // September ends at 2025-10-01T12:00:00Z in UTC-12; the correction horizon is 7 days
        utility("n1", BUSINESS, "919810000009", "2025-10-08T11:59:59Z");
        assertThat(counterKeys()).as("not final yet").contains(SEPTEMBER_TIER);

        utility("n2", BUSINESS, "919810000008", "2025-10-08T12:00:00Z");

        assertThat(counterKeys()).doesNotContain(SEPTEMBER_TIER).contains("volume-tier/portfolio/PA/2025-10/India/utility");
        assertThat(itemKeys()).as("only October's two items").hasSize(2);
    }

    @Test
    void shouldMakeAMonthFinalOnlyAtTheFirstInstantOfTheNextMonthInUtcMinus12PlusTheHorizon() {
        Duration horizon = Duration.ofDays(7);
        long end = Instant.parse("2025-10-08T12:00:00Z").toEpochMilli();

        assertThat(CounterStage.lastFinalMonth(end, horizon)).isEqualTo(YearMonth.of(2025, 9));
        assertThat(CounterStage.lastFinalMonth(end - 1, horizon)).isEqualTo(YearMonth.of(2025, 8));
    }

    /** The counters the stage holds: their heads, and their entries in the month index. */
    private List<String> counterKeys() {
        List<String> found = new ArrayList<>();
        KeyValueStore<String, byte[]> heads = driver.getKeyValueStore(BillingTopology.COUNTER_HEADS_STORE);
        try (KeyValueIterator<String, byte[]> all = heads.all()) {
            all.forEachRemaining(entry -> found.add(entry.key));
        }
        KeyValueStore<Bytes, byte[]> months = driver.getKeyValueStore(BillingTopology.COUNTER_MONTHS_STORE);
        try (KeyValueIterator<Bytes, byte[]> all = months.all()) {
            all.forEachRemaining(entry -> found.add(new String(entry.key.get(), 7, entry.key.get().length - 7, StandardCharsets.UTF_8)));
        }
        return found;
    }

    private List<Bytes> itemKeys() {
        KeyValueStore<Bytes, byte[]> items = driver.getKeyValueStore(BillingTopology.COUNTER_ITEMS_STORE);
        try (KeyValueIterator<Bytes, byte[]> all = items.all()) {
            List<Bytes> keys = new ArrayList<>();
            all.forEachRemaining((KeyValue<Bytes, byte[]> entry) -> keys.add(entry.key));
            return keys;
        }
    }

    /** Emitted minus voided, as multisets of whole records (voided_by aside). */
    private static List<String> net(List<PricedMessage> emitted, List<PricedMessageVoided> taken) {
        List<String> result = new ArrayList<>(emitted.stream().map(PricedMessage::toString).toList());
        for (PricedMessageVoided v : taken) {
            PricedMessage cancelled = new PricedMessage();
            for (Schema.Field field : cancelled.getSchema().getFields()) {
                cancelled.put(field.name(), v.get(field.name()));
            }
            assertThat(result.remove(cancelled.toString())).as("voided %s was emitted", cancelled).isTrue();
        }
        return result;
    }
}
