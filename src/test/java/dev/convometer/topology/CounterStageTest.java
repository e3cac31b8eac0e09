package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.PricedConversation;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
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
 * count-late-band scenario's: utility in India 0.0020 for ranks 1-2, 0.0015 from 3. With free tiers of one (and CBP
 * service at 0.0040), the accounts of the counted items (PRICING 7.2): a business whose account is tombstoned mid-month
 * counts its later items in its default counters, and an item of a business with no account (deleted, or never
 * published) is counted in its default counter and priced, never dropped.
 */
class CounterStageTest {
    private static final String BUSINESS = "15550101";
    private static final String OTHER_BUSINESS = "15550103";
    private static final String CARD = "rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate\n"
            + "COUNT-2025-07,2025-07-01,USD,India,PMP,utility,1,2,0.0020\n"
            + "COUNT-2025-07,2025-07-01,USD,India,PMP,utility,3,,0.0015\n";
    private static final String MARKETS = "effective_from,country,market\n,IN,India\n";
    private static final PricingRules RULES = new PricingRules(RateCard.read(new StringReader(CARD), "rate-card.csv"),
            CountryMarkets.read(new StringReader(MARKETS), "markets.csv"), AccountDefaults.STANDARD, new CounterSettings(0, 0, TierScope.PORTFOLIO));
    /** Both free tiers one; CBP service conversations beyond it at the count-cbp-free-tier scenario's rate. */
    private static final PricingRules FREE_TIERS_OF_ONE = new PricingRules(
            RateCard.read(new StringReader(CARD + "COUNT-2023-06,2023-06-01,USD,India,CBP,service,,,0.0040\n"), "rate-card.csv"),
            CountryMarkets.read(new StringReader(MARKETS), "markets.csv"), AccountDefaults.STANDARD, new CounterSettings(1, 1, TierScope.PORTFOLIO));
    /** A business that no account record ever names. */
    private static final String UNKNOWN_BUSINESS = "15550109";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String SEPTEMBER_TIER = "volume-tier/portfolio/PA/2025-09/India/utility";

    @TempDir
    Path dir;

    private final String scope = "counter-stage-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, BusinessAccount> accounts;
    private TestInputTopic<byte[], InboundMessage> inbound;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestOutputTopic<String, PricedConversation> pricedConversations;
    private TestOutputTopic<String, PricedMessage> priced;
    private TestOutputTopic<String, PricedMessageVoided> voided;

    private void start(Path stateDir) {
        start(stateDir, RULES);
    }

    /** The topology priced by {@code rules}; both businesses' accounts published, WABA WA of portfolio PA in India's zone. */
    private void start(Path stateDir, PricingRules rules) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(BillingTopology.build(topics, BillingSettings.DEFAULTS.withPricing(rules), counters), props);
        accounts = driver.createInputTopic(topics.businessAccounts.name(), new StringSerializer(),
                topics.businessAccounts.valueSerde().serializer());
        for (String business : List.of(BUSINESS, OTHER_BUSINESS)) {
            accounts.pipeInput(business, new BusinessAccount(business, List.of(new AccountVersion(null, "WA", "PA", "Asia/Kolkata", "USD"))));
        }
        inbound = driver.createInputTopic(topics.inboundMessage.name(), new ByteArraySerializer(), topics.inboundMessage.valueSerde().serializer());
        outbound = driver.createInputTopic(topics.outboundSend.name(), new ByteArraySerializer(), topics.outboundSend.valueSerde().serializer());
        StringDeserializer keys = new StringDeserializer();
        pricedConversations = driver.createOutputTopic(topics.pricedConversation.name(), keys,
                topics.pricedConversation.valueSerde().deserializer());
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

    /**
     * A CBP_2023 service conversation (S-FREE-FORM): the customer writes at {@code instant}, the business answers
     * freely half an hour later; its pricing instant is the answer's.
     */
    private void serviceConversation(String id, String business, String customer, String instant) {
        Instant written = Instant.parse(instant);
        inbound.pipeInput(null, new InboundMessage("i" + id, business, customer, written, null), written);
        Instant answered = written.plus(Duration.ofMinutes(30));
        outbound.pipeInput(null, new OutboundSend("o" + id, business, customer, answered, MessageType.free_form, null, null), answered);
    }

    @Test
    void shouldCountTheLaterItemsInTheDefaultCountersWhenTheAccountIsTombstonedMidMonth() {
        start(dir, FREE_TIERS_OF_ONE);
        serviceConversation("1", BUSINESS, "919810000001", "2024-05-10T04:00:00Z");

        accounts.pipeInput(BUSINESS, (BusinessAccount) null);
        serviceConversation("2", BUSINESS, "919810000002", "2024-05-20T04:00:00Z");
        serviceConversation("3", BUSINESS, "919810000003", "2024-05-21T04:00:00Z");
        serviceConversation("4", OTHER_BUSINESS, "919810000004", "2024-05-22T04:00:00Z");

        // before the tombstone: first in (WA, 2024-05); after it, the defaults: first and second in (15550101, 2024-05);
        // the other business of WA is second in (WA, 2024-05), which the deleted account's later items did not join
        assertThat(pricedConversations.readValuesToList()).extracting(CounterStageTest::json).containsExactly(
                json(conversation(BUSINESS, "919810000001", "2024-05-10T04:30:00.000Z", "o1", "WA", "PA", "record", null)),
                json(conversation(BUSINESS, "919810000002", "2024-05-20T04:30:00.000Z", "o2", BUSINESS, BUSINESS, "default", null)),
                json(conversation(BUSINESS, "919810000003", "2024-05-21T04:30:00.000Z", "o3", BUSINESS, BUSINESS, "default", "0.004000")),
                json(conversation(OTHER_BUSINESS, "919810000004", "2024-05-22T04:30:00.000Z", "o4", "WA", "PA", "record", "0.004000")));
        assertThat(voided.isEmpty()).as("the tombstone re-prices nothing emitted").isTrue();
        assertThat(counters.pricedVoided()).isZero();
        assertThat(counterKeys()).contains("cbp-service/WA/2024-05", "cbp-service/" + BUSINESS + "/2024-05");
    }

    @Test
    void shouldCountAndPriceInTheDefaultCounterWhenTheBusinessHasNoAccount() {
        start(dir, FREE_TIERS_OF_ONE);
        accounts.pipeInput(OTHER_BUSINESS, (BusinessAccount) null); // deleted before any of its traffic

        serviceConversation("5", UNKNOWN_BUSINESS, "919810000005", "2024-05-10T04:00:00Z");
        serviceConversation("6", OTHER_BUSINESS, "919810000006", "2024-05-10T05:00:00Z");
        utility("o1", UNKNOWN_BUSINESS, "919810000001", "2025-09-10T10:00:00Z");
        utility("d1", OTHER_BUSINESS, "919810000004", "2025-09-10T10:30:00Z");
        utility("o2", UNKNOWN_BUSINESS, "919810000002", "2025-09-10T11:00:00Z");
        utility("o3", UNKNOWN_BUSINESS, "919810000003", "2025-09-10T12:00:00Z");

        // each business its own portfolio and WABA (the defaults): the unknown one ranks 1, 2, 3 in its volume tier, the
        // deleted one 1 in its own; each is first in its own CBP service counter
        assertThat(priced.readValuesToList()).extracting(CounterStageTest::json).containsExactly(
                json(utilityMessage("o1", UNKNOWN_BUSINESS, "919810000001", "2025-09-10T10:00:00.000Z", "1:2", "0.002000")),
                json(utilityMessage("d1", OTHER_BUSINESS, "919810000004", "2025-09-10T10:30:00.000Z", "1:2", "0.002000")),
                json(utilityMessage("o2", UNKNOWN_BUSINESS, "919810000002", "2025-09-10T11:00:00.000Z", "1:2", "0.002000")),
                json(utilityMessage("o3", UNKNOWN_BUSINESS, "919810000003", "2025-09-10T12:00:00.000Z", "3:", "0.001500")));
        assertThat(pricedConversations.readValuesToList()).extracting(CounterStageTest::json).containsExactly(
                json(conversation(UNKNOWN_BUSINESS, "919810000005", "2024-05-10T04:30:00.000Z", "o5", UNKNOWN_BUSINESS, UNKNOWN_BUSINESS,
                        "default", null)),
                json(conversation(OTHER_BUSINESS, "919810000006", "2024-05-10T05:30:00.000Z", "o6", OTHER_BUSINESS, OTHER_BUSINESS,
                        "default", null)));
        assertThat(voided.isEmpty()).isTrue();
        assertThat(counters.priced()).isEqualTo(6);
        assertThat(counterKeys()).contains("volume-tier/portfolio/" + UNKNOWN_BUSINESS + "/2025-09/India/utility",
                "volume-tier/portfolio/" + OTHER_BUSINESS + "/2025-09/India/utility").noneMatch(key -> key.contains("/PA/"));
    }

    /**
     * The priced record of a CBP_2023 service conversation opened by {@code openedBy} in India: in the free tier when
     * {@code amount} is null, else regular at the card's service rate.
     */
    private static String conversation(String business, String customer, String openedAt, String openedBy, String waba, String portfolio,
                                       String source, String amount) {
        Instant opened = Instant.parse(openedAt);
        boolean free = amount == null;
        return String.format("{\"charge_id\": \"C/%s/%s/%d/%s\", \"business_id\": \"%s\", \"customer_id\": \"%s\", \"category\": \"service\", "
                        + "\"opened_at\": \"%s\", \"expires_at\": \"%s\", \"opened_by\": \"%s\", \"era\": \"CBP_2023\", "
                        + "\"pricing_model\": \"CBP\", \"pricing_category\": \"service\", \"pricing_type\": \"%s\", \"pricing_rule\": \"%s\", "
                        + "\"billable\": true, \"waba_id\": \"%s\", \"portfolio_id\": \"%s\", \"billing_month\": \"2024-05\", "
                        + "\"account_source\": \"%s\", \"country\": \"IN\", \"market\": \"India\", \"currency\": \"USD\", \"amount\": \"%s\", "
                        + "\"rate_card_version\": %s, \"tier\": null, \"unpriced_reason\": null}",
                business, customer, opened.toEpochMilli(), openedBy, business, customer, openedAt,
                MILLIS.format(opened.plus(Duration.ofDays(1))), openedBy, free ? "free_tier" : "regular",
                free ? "P-FREE-TIER" : "P-CBP-REGULAR", waba, portfolio, source, free ? "0.000000" : amount,
                free ? "null" : "\"COUNT-2023-06\"");
    }

    /** The priced record of a utility template that opened its conversation, for a business with no account. */
    private static String utilityMessage(String id, String business, String customer, String timestamp, String tier, String amount) {
        return String.format("{\"charge_id\": \"M/%s/%s/%d/%s\", \"event_id\": \"%s\", \"business_id\": \"%s\", \"customer_id\": \"%s\", "
                        + "\"timestamp\": \"%s\", \"message_type\": \"template\", \"category\": \"utility\", \"era\": \"PMP_2025\", "
                        + "\"pricing_model\": \"PMP\", \"pricing_category\": \"utility\", \"pricing_type\": \"regular\", "
                        + "\"pricing_rule\": \"P-PMP-REGULAR\", \"billable\": true, \"waba_id\": \"%s\", \"portfolio_id\": \"%s\", "
                        + "\"billing_month\": \"2025-09\", \"account_source\": \"default\", \"country\": \"IN\", \"market\": \"India\", "
                        + "\"currency\": \"USD\", \"amount\": \"%s\", \"rate_card_version\": \"COUNT-2025-07\", \"tier\": \"%s\", "
                        + "\"unpriced_reason\": null, \"attributed_to\": null}",
                business, customer, Instant.parse(timestamp).toEpochMilli(), id, id, business, customer, timestamp, business, business, amount, tier);
    }

    private static JsonNode json(SpecificRecord record) {
        return json(BillingJson.record(record));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
