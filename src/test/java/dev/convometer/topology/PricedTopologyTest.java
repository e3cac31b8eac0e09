package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.convometer.domain.pricing.CountryMarkets;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.TierScope;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.RateCard;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live topology with pricing on, through the Avro serdes and RocksDB stores, without a broker: the accounts topic
 * read into the global store (invalid records dead-lettered, tombstones deleting), priced records keyed by WABA, and a
 * late event's correction voiding the priced record it changed before emitting the new one.
 */
class PricedTopologyTest {
    private static final String BUSINESS = "15550101";
    private static final String CUSTOMER = "919810000001";
    private static final PricingRules RULES = new PricingRules(
            RateCard.read(new StringReader("rate_card_version,effective_from,currency,market,pricing_model,category,tier_from,tier_to,rate\n"
                    + "V1,2025-07-01,USD,India,PMP,utility,1,,0.0014\nV1,2023-06-01,USD,India,CBP,marketing,,,0.0099\n"), "card.csv"),
            CountryMarkets.read(new StringReader("effective_from,country,market\n,IN,India\n"), "markets.csv"),
            AccountDefaults.STANDARD, new CounterSettings(0, 0, TierScope.PORTFOLIO));

    @TempDir
    Path stateDir;

    private final String scope = "priced-topology-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<String, BusinessAccount> accounts;
    private TestInputTopic<byte[], InboundMessage> inbound;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestOutputTopic<String, PricedConversation> pricedConversations;
    private TestOutputTopic<String, PricedMessage> pricedMessages;
    private TestOutputTopic<String, PricedMessageVoided> pricedMessagesVoided;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "priced-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(BillingTopology.build(topics, BillingSettings.DEFAULTS.withPricing(RULES), counters), props);
        ByteArraySerializer raw = new ByteArraySerializer();
        accounts = driver.createInputTopic(topics.businessAccounts.name(), new StringSerializer(), topics.businessAccounts.valueSerde().serializer());
        inbound = driver.createInputTopic(topics.inboundMessage.name(), raw, topics.inboundMessage.valueSerde().serializer());
        outbound = driver.createInputTopic(topics.outboundSend.name(), raw, topics.outboundSend.valueSerde().serializer());
        StringDeserializer keys = new StringDeserializer();
        pricedConversations = driver.createOutputTopic(topics.pricedConversation.name(), keys, topics.pricedConversation.valueSerde().deserializer());
        pricedMessages = driver.createOutputTopic(topics.pricedMessage.name(), keys, topics.pricedMessage.valueSerde().deserializer());
        pricedMessagesVoided = driver.createOutputTopic(topics.pricedMessageVoided.name(), keys,
                topics.pricedMessageVoided.valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
        SchemaRegistry.dropMockScope(scope);
    }

    private static BusinessAccount account(String wabaId, String zone) {
        return new BusinessAccount(BUSINESS, List.of(new AccountVersion(null, wabaId, null, zone, "USD")));
    }

    private void utility(String id, String instant) {
        outbound.pipeInput(null, new OutboundSend(id, BUSINESS, CUSTOMER, Instant.parse(instant), MessageType.template, TemplateCategory.utility,
                null), Instant.parse(instant));
    }

    @Test
    void shouldPriceWithTheStoredAccountAndKeyByWabaWhenAnAccountWasPublished() {
        accounts.pipeInput(BUSINESS, account("WA", "Asia/Kolkata"));

        utility("o1", "2025-09-10T10:00:00Z");

        TestRecord<String, PricedMessage> priced = pricedMessages.readRecord();
        assertThat(priced.key()).isEqualTo("WA");
        assertThat(priced.value().getAmount()).isEqualTo("0.001400");
        assertThat(priced.value().getAccountSource()).isEqualTo("record");
        assertThat(priced.value().getMarket()).isEqualTo("India");
        assertThat(pricedConversations.isEmpty()).as("a PMP-era conversation is not priced").isTrue();
    }

    @Test
    void shouldCountAnInvalidAccountAsADeadLetterAndKeepTheOldOneWhenItsZoneIsNoZone() {
        accounts.pipeInput(BUSINESS, account("WA", "Asia/Kolkata"));
        accounts.pipeInput(BUSINESS, account("W9", "Mars/Olympus"));

        utility("o1", "2025-09-10T10:00:00Z");

        assertThat(pricedMessages.readValue().getWabaId()).isEqualTo("WA");
        // the global thread has no producer: the dead letter is counted and logged, not written to the topic
        assertThat(counters.deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldCountABackdatedAccountWhenItChangesTheVersionAlreadyInForce() {
        accounts.pipeInput(BUSINESS, account("WA", "Asia/Kolkata"), Instant.parse("2025-09-01T00:00:00Z"));
        accounts.pipeInput(BUSINESS, new BusinessAccount(BUSINESS, List.of(new AccountVersion(null, "WA", null, "Asia/Kolkata", "USD"),
                new AccountVersion(Instant.parse("2025-10-01T00:00:00Z"), "WB", null, "UTC", "USD"))), Instant.parse("2025-09-02T00:00:00Z"));
        assertThat(counters.backdatedAccounts()).as("a version from a later date is not backdated").isZero();

        accounts.pipeInput(BUSINESS, account("WC", "Asia/Kolkata"), Instant.parse("2025-09-03T00:00:00Z"));

        assertThat(counters.backdatedAccounts()).isEqualTo(1);
    }

    @Test
    void shouldFallBackToTheDefaultsWhenTheAccountIsTombstoned() {
        accounts.pipeInput(BUSINESS, account("WA", "Asia/Kolkata"));
        accounts.pipeInput(BUSINESS, (BusinessAccount) null);

        utility("o1", "2025-09-10T10:00:00Z");

        PricedMessage priced = pricedMessages.readValue();
        assertThat(priced.getWabaId()).isEqualTo(BUSINESS);
        assertThat(priced.getAccountSource()).isEqualTo("default");
    }

    @Test
    void shouldVoidThePricedMessageAndEmitTheNewOneWhenALateInboundOpensTheWindowBeforeIt() {
        utility("o1", "2025-09-10T10:00:00Z");
        PricedMessage regular = pricedMessages.readValue();
        assertThat(regular.getPricingType()).isEqualTo("regular");

        inbound.pipeInput(null, new InboundMessage("i1", BUSINESS, CUSTOMER, Instant.parse("2025-09-10T09:00:00Z"), null),
                Instant.parse("2025-09-10T09:00:00Z"));

        PricedMessageVoided voided = pricedMessagesVoided.readValue();
        assertThat(voided.getChargeId()).isEqualTo(regular.getChargeId());
        assertThat(voided.getPricingType()).isEqualTo("regular");
        assertThat(voided.getVoidedBy()).isEqualTo("i1");
        PricedMessage free = pricedMessages.readValue();
        assertThat(free.getPricingType()).isEqualTo("free_customer_service");
        assertThat(free.getPricingRule()).isEqualTo("P-PMP-CSW");
        assertThat(pricedMessages.isEmpty()).isTrue();
        assertThat(counters.priced()).isEqualTo(2);
        assertThat(counters.pricedVoided()).isEqualTo(1);
    }

    @Test
    void shouldPriceAConversationOfTheConversationEraWhenATemplateOpensOne() {
        outbound.pipeInput(null, new OutboundSend("o1", BUSINESS, CUSTOMER, Instant.parse("2024-05-10T10:00:00Z"), MessageType.template,
                TemplateCategory.marketing, null), Instant.parse("2024-05-10T10:00:00Z"));

        PricedConversation priced = pricedConversations.readValue();
        assertThat(priced.getEra()).isEqualTo("CBP_2023");
        assertThat(priced.getAmount()).isEqualTo("0.009900");
        assertThat(priced.getChargeId()).isEqualTo("C/15550101/919810000001/1715335200000/o1");
        assertThat(pricedMessages.isEmpty()).isTrue();
    }
}
