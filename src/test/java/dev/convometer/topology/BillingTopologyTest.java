package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.ConversationCategory;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.Referral;
import dev.convometer.avro.SendRejected;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.domain.Pair;
import dev.convometer.topology.serde.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology end to end through the Avro serdes (mock:// registry) and RocksDB stores, without a broker. */
class BillingTopologyTest {
    private static final String BUSINESS = "15550001";

    @TempDir
    Path stateDir;

    private final String scope = "topology-test-" + UUID.randomUUID();
    private final Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
    private final BillingCounters counters = new BillingCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], InboundMessage> inbound;
    private TestInputTopic<byte[], AdClick> adClick;
    private TestInputTopic<byte[], OutboundSend> outbound;
    private TestInputTopic<byte[], byte[]> rawOutbound;
    private TestOutputTopic<String, ConversationOpened> opened;
    private TestOutputTopic<String, SendRejected> rejected;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, ConversationVoided> voided;
    private TestOutputTopic<String, RejectionWithdrawn> withdrawn;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        SchemaRegistry.dropMockScope(scope);
    }

    private void start(BillingSettings settings) {
        start(BillingTopology.build(topics, settings, counters));
    }

    private void start(Topology topology) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "billing-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        driver = new TopologyTestDriver(topology, props);
        ByteArraySerializer raw = new ByteArraySerializer();
        inbound = driver.createInputTopic(topics.inboundMessage.name(), raw, topics.inboundMessage.valueSerde().serializer());
        adClick = driver.createInputTopic(topics.adClick.name(), raw, topics.adClick.valueSerde().serializer());
        outbound = driver.createInputTopic(topics.outboundSend.name(), raw, topics.outboundSend.valueSerde().serializer());
        rawOutbound = driver.createInputTopic(topics.outboundSend.name(), raw, raw);
        opened = driver.createOutputTopic(topics.conversationOpened.name(), new StringDeserializer(), topics.conversationOpened.valueSerde().deserializer());
        rejected = driver.createOutputTopic(topics.sendRejected.name(), new StringDeserializer(), topics.sendRejected.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        voided = driver.createOutputTopic(topics.conversationVoided.name(), new StringDeserializer(), topics.conversationVoided.valueSerde().deserializer());
        withdrawn = driver.createOutputTopic(topics.rejectionWithdrawn.name(), new StringDeserializer(), topics.rejectionWithdrawn.valueSerde().deserializer());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private void customerMessage(String id, String customer, String instant) {
        inbound.pipeInput(null, new InboundMessage(id, BUSINESS, customer, at(instant), null), at(instant));
    }

    private void entryPoint(String id, String customer, String instant) {
        adClick.pipeInput(null, new AdClick(id, BUSINESS, customer, at(instant), "ad-1", null, "ad"), at(instant));
    }

    private void template(String id, String customer, String instant, TemplateCategory category) {
        outbound.pipeInput(null, new OutboundSend(id, BUSINESS, customer, at(instant), MessageType.template, category, null), at(instant));
    }

    private void freeForm(String id, String customer, String instant) {
        outbound.pipeInput(null, new OutboundSend(id, BUSINESS, customer, at(instant), MessageType.free_form, null, null), at(instant));
    }

    @Test
    void shouldEmitConversationOpenedKeyedByBusinessWhenTemplateSent() {
        start(BillingSettings.DEFAULTS);

        template("o1", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing);

        List<KeyValue<String, ConversationOpened>> out = opened.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(BUSINESS);
        ConversationOpened conversation = out.get(0).value;
        assertThat(conversation.getCategory()).isEqualTo(ConversationCategory.marketing);
        assertThat(conversation.getOpenedAt()).isEqualTo(at("2024-05-01T00:00:00Z"));
        assertThat(conversation.getExpiresAt()).isEqualTo(at("2024-05-02T00:00:00Z"));
        assertThat(conversation.getBillable()).isTrue();
        assertThat(conversation.getOpenedBy()).isEqualTo("o1");
        assertThat(conversation.getRule()).isEqualTo("S-TEMPLATE");
        assertThat(conversation.getConversationId()).isNotBlank();
    }

    @Test
    void shouldApplyRulesAcrossTheThreeInputTopicsWhenEventsOfOnePairArrive() {
        start(BillingSettings.DEFAULTS);

        freeForm("o0", "c1", "2024-05-01T00:00:00Z");
        customerMessage("i1", "c1", "2024-05-01T01:00:00Z");
        freeForm("o1", "c1", "2024-05-01T02:00:00Z");
        entryPoint("a1", "c2", "2024-05-01T03:00:00Z");
        template("o2", "c2", "2024-05-01T04:00:00Z", TemplateCategory.utility);
        inbound.pipeInput(null, new InboundMessage("i3", BUSINESS, "c3", at("2024-05-01T05:00:00Z"),
                new Referral("ad", "src", "clid")), at("2024-05-01T05:00:00Z"));
        freeForm("o3", "c3", "2024-05-01T06:00:00Z");

        assertThat(rejected.readValuesToList()).extracting(SendRejected::getEventId, SendRejected::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o0", "customer_service_window_closed"));
        assertThat(opened.readValuesToList())
                .extracting(ConversationOpened::getOpenedBy, ConversationOpened::getCategory, ConversationOpened::getRule, ConversationOpened::getBillable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("o1", ConversationCategory.service, "S-FREE-FORM", true),
                        org.assertj.core.groups.Tuple.tuple("o2", ConversationCategory.free_entry_point, "S-FEP-OPEN", false),
                        org.assertj.core.groups.Tuple.tuple("o3", ConversationCategory.free_entry_point, "S-FEP-OPEN", false));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterOriginalBytesAndGoOnWhenValueIsNotInTheWireFormat() {
        start(BillingSettings.DEFAULTS);
        byte[] garbage = "{\"type\":\"outbound_send\"}".getBytes(StandardCharsets.UTF_8);

        rawOutbound.pipeInput(null, garbage, at("2024-05-01T00:00:00Z"));
        template("o1", "c1", "2024-05-01T00:01:00Z", TemplateCategory.utility);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0), "__streams.errors.message")).contains("magic byte");
        assertThat(header(dead.get(0), "__streams.errors.topic")).isEqualTo(topics.outboundSend.name());
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
        assertThat(counters.deadLetters()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterWithReasonAndGoOnWhenRecordBreaksTheContract() {
        start(BillingSettings.DEFAULTS);

        outbound.pipeInput(null, new OutboundSend("o0", BUSINESS, "c1", at("2024-05-01T00:00:00Z"), MessageType.template, null, null), at("2024-05-01T00:00:00Z"));
        inbound.pipeInput(null, new InboundMessage("", BUSINESS, "c1", at("2024-05-01T00:00:00Z"), null), at("2024-05-01T00:00:00Z"));
        outbound.pipeInput(null, new OutboundSend("o1", BUSINESS, "c1", at("2024-05-01T00:00:00Z"), MessageType.UNKNOWN, null, null), at("2024-05-01T00:00:00Z"));
        template("o0", "c1", "2024-05-01T00:01:00Z", TemplateCategory.utility);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, "__streams.errors.message"))
                .containsExactly("template without category", "empty required field event_id", "unknown message_type 'UNKNOWN'");
        // a dead letter never counts as seen: o0 bills once it arrives valid
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o0");
        assertThat(counters.deadLetters()).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterInsteadOfDroppingWhenEventTimeIsBefore1970() {
        start(BillingSettings.DEFAULTS);
        Instant before1970 = Instant.parse("1969-12-31T23:59:59Z");

        outbound.pipeInput(null, new OutboundSend("o0", BUSINESS, "c1", before1970, MessageType.template, TemplateCategory.utility, null), 0L);

        assertThat(deadLetters.readRecordsToList()).extracting(r -> header(r, "__streams.errors.message"))
                .containsExactly("timestamp before 1970-01-01T00:00:00Z cannot be carried by Kafka: 1969-12-31T23:59:59Z");
        assertThat(opened.isEmpty()).isTrue();
    }

    @Test
    void shouldDropDuplicateWhenSameEventIdArrivesWithinHorizon() {
        start(BillingSettings.DEFAULTS);

        template("o1", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing);
        template("o1", "c1", "2024-05-02T01:00:00Z", TemplateCategory.marketing); // the first one's window ended
        template("o1", "c2", "2024-05-02T01:00:00Z", TemplateCategory.marketing); // another pair
        template("o1", "c1", "2024-05-08T00:00:00Z", TemplateCategory.marketing); // exactly 7 days later: new

        assertThat(opened.readValuesToList()).extracting(c -> c.getCustomerId() + "@" + c.getOpenedAt())
                .containsExactly("c1@2024-05-01T00:00:00Z", "c2@2024-05-02T01:00:00Z", "c1@2024-05-08T00:00:00Z");
        assertThat(counters.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldDecideAtEventTimeWhenPunctuationHasNotRun() {
        // punctuation every 30 days of stream time: nothing is freed in between, the rules check expiry themselves
        start(new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofDays(7), null, Duration.ofDays(30), BillingSettings.Storage.DURABLE));

        customerMessage("i1", "c1", "2024-05-01T00:00:00Z");
        template("o1", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing);
        template("o2", "c1", "2024-05-01T23:59:59.999Z", TemplateCategory.marketing);
        template("o3", "c1", "2024-05-02T00:00:00Z", TemplateCategory.marketing);
        freeForm("o4", "c1", "2024-05-02T00:00:00Z");

        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1", "o3");
        assertThat(rejected.readValuesToList()).extracting(SendRejected::getEventId).containsExactly("o4");
    }

    /** Maintenance at every millisecond of stream time, so that the boundaries below are exact. */
    private static final BillingSettings EVERY_MILLISECOND = new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofDays(7),
            null, Duration.ofMillis(1), BillingSettings.Storage.DURABLE);

    @Test
    void shouldHoldNothingForPairsWhenNothingOfThemCanChangeADecisionAnyMore() {
        start(EVERY_MILLISECOND);
        List<String> customers = List.of("c1", "c2", "c3");
        for (String customer : customers) {
            customerMessage("i-" + customer, customer, "2024-05-01T00:00:00Z");
            entryPoint("a-" + customer, customer, "2024-05-01T01:00:00Z");
            template("t-" + customer, customer, "2024-05-01T00:30:00Z", TemplateCategory.utility); // late: corrected
            freeForm("f-" + customer, customer, "2024-05-01T02:00:00Z"); // opens a free entry point until 05-04T02:00
            entryPoint("a2-" + customer, customer, "2024-05-02T00:00:00Z"); // a pending entry point nobody answers
        }
        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, customers)).hasSize(3);
        assertThat(historyOf(customers)).hasSize(15);

        // The last event (05-02T00:00) deduplicates copies until 05-09T00:00, and a copy that early is correctable
        // until stream time 05-16T00:00 (correction horizon 7 days): the pairs must stay until then.
        customerMessage("other-1", "other", "2024-05-15T23:59:59.999Z");
        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, customers)).hasSize(3);
        opened.readValuesToList();
        // the earliest correctable time is 05-08T23:59:59.999: still within 7 days of a2-* (05-02T00:00), so a copy is a duplicate
        entryPoint("a2-c1", "c1", "2024-05-08T23:59:59.999Z");
        entryPoint("a2-c2", "c2", "2024-05-09T00:00:00Z"); // exactly 7 days later: new, arms an entry point again
        template("t2-c1", "c1", "2024-05-09T01:00:00Z", TemplateCategory.utility);
        template("t2-c2", "c2", "2024-05-09T01:00:00Z", TemplateCategory.utility);
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy, ConversationOpened::getCategory)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t2-c1", ConversationCategory.utility),
                        org.assertj.core.groups.Tuple.tuple("t2-c2", ConversationCategory.free_entry_point));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counters.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldFreePairExactlyWhenItsLastCopyCanNoLongerBeCorrected() {
        start(EVERY_MILLISECOND);
        List<String> customers = List.of("c1", "c2", "c3");
        for (String customer : customers) {
            customerMessage("i-" + customer, customer, "2024-05-01T00:00:00Z");
            entryPoint("a-" + customer, customer, "2024-05-01T01:00:00Z");
            template("t-" + customer, customer, "2024-05-01T00:30:00Z", TemplateCategory.utility);
            freeForm("f-" + customer, customer, "2024-05-01T02:00:00Z");
            entryPoint("a2-" + customer, customer, "2024-05-02T00:00:00Z");
        }

        customerMessage("other-1", "other", "2024-05-15T23:59:59.999Z");
        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, customers)).hasSize(3);
        // only the a2-* copies (05-02T00:00) can still deduplicate an event at the earliest correctable time, 05-08T23:59:59.999
        assertThat(historyOf(customers)).hasSize(3);
        customerMessage("other-2", "other", "2024-05-16T00:00:00Z");

        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, customers)).isEmpty();
        assertThat(historyOf(customers)).isEmpty();
        assertThat(indexEntriesOf(customers)).isEmpty();
        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, List.of("other"))).hasSize(1);
        assertThat(counters.expiredFreed()).isEqualTo(3 * (1 + 5)); // per pair: its record and five history entries
    }

    @Test
    void shouldKeepPairUntilItsWindowsEndedBeforeTheCorrectableTime() {
        start(EVERY_MILLISECOND);

        template("o1", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing);
        customerMessage("i1", "c2", "2024-05-14T23:59:59.999Z");
        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, List.of("c1"))).hasSize(1);
        customerMessage("i2", "c2", "2024-05-15T00:00:00Z");

        assertThat(entriesOf(BillingTopology.PAIR_STATE_STORE, List.of("c1"))).isEmpty();
        assertThat(historyOf(List.of("c1"))).isEmpty();
    }

    @Test
    void shouldBillTheSameWithoutRepartitionWhenInputsAreAlreadyKeyedByPair() {
        Topology preKeyed = BillingTopology.build(topics,
                new BillingSettings(false, DeduplicationHorizon.DEFAULT, Duration.ofDays(7), null, Duration.ofMinutes(1), BillingSettings.Storage.DURABLE), counters);
        assertThat(preKeyed.describe().toString()).doesNotContain("repartition");
        start(preKeyed);

        customerMessage("i1", "c1", "2024-05-01T00:00:00Z");
        freeForm("o1", "c1", "2024-05-01T00:10:00Z");
        freeForm("o2", "c2", "2024-05-01T00:10:00Z");

        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
        assertThat(rejected.readValuesToList()).extracting(SendRejected::getEventId).containsExactly("o2");
    }

    @Test
    void shouldNameEveryNodeStoreAndInternalTopicWhenBuilt() {
        String description = BillingTopology.build(topics, BillingSettings.DEFAULTS, counters).describe().toString();

        assertThat(description).contains("pair-repartition", "billing", BillingTopology.PAIR_STATE_STORE,
                BillingTopology.EXPIRY_INDEX_STORE, BillingTopology.EXPIRY_CURSOR_STORE, BillingTopology.PAIR_HISTORY_STORE,
                "conversation-opened-sink", "send-rejected-sink", "conversation-voided-sink", "rejection-withdrawn-sink",
                "outbound-send-contract-check");
        assertThat(description).doesNotContainPattern("KSTREAM-[A-Z]+-\\d+");
    }

    // ---- late events (SPEC 3a): corrections, too-late dead letters, decisions as if nothing had been freed ----

    private void failedTemplate(String id, String customer, String instant, TemplateCategory category) {
        outbound.pipeInput(null, new OutboundSend(id, BUSINESS, customer, at(instant), MessageType.template, category,
                dev.convometer.avro.DeliveryStatus.failed), at(instant));
    }

    @Test
    void shouldVoidLaterConversationAndOpenEarlierOneWhenLateTemplateArrives() {
        start(BillingSettings.DEFAULTS);

        template("u2", "c1", "2024-05-01T12:00:00Z", TemplateCategory.utility);
        template("u1", "c1", "2024-05-01T11:00:00Z", TemplateCategory.utility);

        List<ConversationOpened> all = opened.readValuesToList();
        assertThat(all).extracting(ConversationOpened::getOpenedBy).containsExactly("u2", "u1");
        List<ConversationVoided> taken = voided.readValuesToList();
        assertThat(taken).extracting(ConversationVoided::getOpenedBy, ConversationVoided::getVoidedBy, ConversationVoided::getConversationId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u2", "u1", all.get(0).getConversationId()));
        assertThat(all.get(1).getConversationId()).isNotEqualTo(all.get(0).getConversationId());
        assertThat(counters.lateEvents()).isEqualTo(1);
        assertThat(counters.voided()).isEqualTo(1);
    }

    @Test
    void shouldWithdrawRejectionAndOpenServiceConversationWhenLateInboundOpensTheWindow() {
        start(BillingSettings.DEFAULTS);

        freeForm("o1", "c1", "2024-05-01T02:00:00Z");
        customerMessage("i1", "c1", "2024-05-01T01:00:00Z");

        assertThat(rejected.readValuesToList()).extracting(SendRejected::getEventId).containsExactly("o1");
        assertThat(withdrawn.readValuesToList()).extracting(RejectionWithdrawn::getEventId, RejectionWithdrawn::getWithdrawnBy,
                RejectionWithdrawn::getTimestamp).containsExactly(org.assertj.core.groups.Tuple.tuple("o1", "i1", at("2024-05-01T02:00:00Z")));
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy, ConversationOpened::getCategory)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", ConversationCategory.service));
        assertThat(voided.isEmpty()).isTrue();
    }

    @Test
    void shouldMakeEarliestCopyTheOneThatCountsWhenItArrivesAfterALaterCopy() {
        start(BillingSettings.DEFAULTS);

        template("m1", "c1", "2024-05-01T10:00:00Z", TemplateCategory.marketing);
        failedTemplate("m1", "c1", "2024-05-01T09:00:00Z", TemplateCategory.marketing);
        template("m1", "c1", "2024-05-01T11:00:00Z", TemplateCategory.marketing); // in order, and a duplicate of the 09:00 copy

        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("m1");
        assertThat(voided.readValuesToList()).extracting(ConversationVoided::getOpenedBy, ConversationVoided::getVoidedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", "m1"));
        assertThat(counters.duplicates()).isEqualTo(2);
    }

    @Test
    void shouldOpenVoidedConversationAgainWhenAnotherLateEventRestoresIt() {
        start(BillingSettings.DEFAULTS);

        template("u2", "c1", "2024-05-01T12:00:00Z", TemplateCategory.utility);
        template("u1", "c1", "2024-05-01T11:00:00Z", TemplateCategory.utility); // voids u2's, opens u1's
        failedTemplate("u1", "c1", "2024-05-01T10:00:00Z", TemplateCategory.utility); // u1 failed first: u2's again

        List<ConversationOpened> all = opened.readValuesToList();
        assertThat(all).extracting(ConversationOpened::getOpenedBy).containsExactly("u2", "u1", "u2");
        assertThat(all.get(2)).isEqualTo(all.get(0));
        assertThat(voided.readValuesToList()).extracting(ConversationVoided::getOpenedBy, ConversationVoided::getVoidedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u2", "u1"), org.assertj.core.groups.Tuple.tuple("u1", "u1"));
    }

    @Test
    void shouldDeadLetterEventOneMillisecondPastTheCorrectionHorizonAndCorrectOneExactlyAtIt() {
        start(BillingSettings.DEFAULTS);

        template("m1", "c1", "2024-05-09T02:00:00Z", TemplateCategory.marketing); // stream time 05-09T02:00
        template("u0", "c1", "2024-05-02T01:59:59.999Z", TemplateCategory.utility);
        template("u1", "c1", "2024-05-02T02:00:00Z", TemplateCategory.utility);
        template("u0", "c1", "2024-05-02T03:00:00Z", TemplateCategory.utility); // the too-late copy was never seen

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, "__streams.errors.message")).singleElement().asString().startsWith("too_late");
        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("m1", "u1");
        assertThat(counters.tooLate()).isEqualTo(1);
        assertThat(counters.deadLetters()).isEqualTo(1);
        assertThat(counters.lateEvents()).isEqualTo(2);
    }

    @Test
    void shouldDecideLateEventAsIfNothingHadBeenFreedWhenStreamTimeMovedOnAndMaintenanceRan() {
        start(EVERY_MILLISECOND);

        customerMessage("i1", "c1", "2024-05-01T00:00:00Z");
        template("o1", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing); // marketing until 05-02T00:00
        customerMessage("x", "other", "2024-05-06T00:00:00Z"); // stream time 5 days on
        template("o2", "c1", "2024-05-01T12:00:00Z", TemplateCategory.marketing); // joins o1's
        freeForm("o3", "c1", "2024-05-01T13:00:00Z"); // the window is open: joins, not rejected
        template("o1", "c1", "2024-05-01T14:00:00Z", TemplateCategory.marketing); // a copy: duplicate

        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1");
        assertThat(rejected.isEmpty()).isTrue();
        assertThat(voided.isEmpty()).isTrue();
        assertThat(counters.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldNeverRecomputeNorVoidWhenEveryEventArrivesInOrder() {
        start(BillingSettings.DEFAULTS);

        customerMessage("i1", "c1", "2024-05-01T00:00:00Z");
        freeForm("o1", "c1", "2024-05-01T00:00:00Z"); // same second: customer first anyway
        entryPoint("a1", "c1", "2024-05-02T02:00:00Z");
        template("m1", "c1", "2024-05-02T03:00:00Z", TemplateCategory.marketing);
        template("m1", "c1", "2024-05-02T04:00:00Z", TemplateCategory.marketing);

        assertThat(opened.readValuesToList()).extracting(ConversationOpened::getOpenedBy).containsExactly("o1", "m1");
        assertThat(voided.isEmpty()).isTrue();
        assertThat(withdrawn.isEmpty()).isTrue();
        assertThat(counters.lateEvents()).isZero();
    }

    /** One pair's small history in O-ORDER: every rule, a copy, a failed status, an entry point. */
    private final List<Runnable> history = List.of(
            () -> template("m0", "c1", "2024-05-01T00:00:00Z", TemplateCategory.marketing),
            () -> customerMessage("i1", "c1", "2024-05-01T01:00:00Z"),
            () -> freeForm("f1", "c1", "2024-05-01T01:00:00Z"),
            () -> failedTemplate("u1", "c1", "2024-05-01T02:00:00Z", TemplateCategory.utility),
            () -> template("u1", "c1", "2024-05-01T03:00:00Z", TemplateCategory.utility),
            () -> freeForm("f2", "c1", "2024-05-02T02:00:00Z"),
            () -> entryPoint("a1", "c1", "2024-05-02T03:00:00Z"),
            () -> template("m2", "c1", "2024-05-02T04:00:00Z", TemplateCategory.marketing),
            () -> template("u2", "c1", "2024-05-05T05:00:00Z", TemplateCategory.utility), // the free entry point ended at 04:00
            () -> freeForm("f3", "c1", "2024-05-05T06:00:00Z"));

    @Test
    void shouldEndWithTheInOrderResultWhateverPositionTheLateEventHad() {
        start(BillingSettings.DEFAULTS.withStorage(BillingSettings.Storage.IN_MEMORY));
        history.forEach(Runnable::run);
        List<String> inOrderOpened = describe(opened.readValuesToList());
        List<String> inOrderRejected = rejected.readValuesToList().stream().map(SendRejected::toString).toList();
        assertThat(inOrderOpened).hasSize(3);
        assertThat(inOrderRejected).isNotEmpty();

        for (int late = 0; late < history.size(); late++) {
            restart();
            for (int i = 0; i < history.size(); i++) {
                if (i != late) {
                    history.get(i).run();
                }
            }
            history.get(late).run();

            assertThat(net(opened.readValuesToList(), voided.readValuesToList())).as("event %d late", late)
                    .containsExactlyInAnyOrderElementsOf(inOrderOpened);
            List<String> rejections = new ArrayList<>(rejected.readValuesToList().stream().map(SendRejected::toString).toList());
            withdrawn.readValuesToList().forEach(w -> assertThat(rejections.remove(new SendRejected(w.getEventId(), w.getBusinessId(),
                    w.getCustomerId(), w.getTimestamp(), w.getReason()).toString())).as("withdrawn was rejected").isTrue());
            assertThat(rejections).as("event %d late", late).containsExactlyInAnyOrderElementsOf(inOrderRejected);
        }
    }

    @Test
    void shouldEndWithTheInOrderResultWhenEventsArriveInAnyOrder() {
        start(BillingSettings.DEFAULTS.withStorage(BillingSettings.Storage.IN_MEMORY));
        history.forEach(Runnable::run);
        List<String> inOrderOpened = describe(opened.readValuesToList());
        java.util.Random random = new java.util.Random(7);
        long lateEvents = 0;

        for (int run = 0; run < 25; run++) {
            restart();
            List<Runnable> shuffled = new ArrayList<>(history);
            java.util.Collections.shuffle(shuffled, random);
            shuffled.forEach(Runnable::run);

            assertThat(net(opened.readValuesToList(), voided.readValuesToList())).as("arrival order %d", run)
                    .containsExactlyInAnyOrderElementsOf(inOrderOpened);
            lateEvents += counters.lateEvents();
        }
        assertThat(lateEvents).isPositive();
    }

    private void restart() {
        driver.close();
        SchemaRegistry.dropMockScope(scope);
        start(BillingSettings.DEFAULTS.withStorage(BillingSettings.Storage.IN_MEMORY));
    }

    /** Opened minus voided, matched on every field (conversation_id included). */
    private static List<String> net(List<ConversationOpened> all, List<ConversationVoided> taken) {
        List<String> result = new ArrayList<>(describe(all));
        for (ConversationVoided v : taken) {
            String cancelled = new ConversationOpened(v.getConversationId(), v.getBusinessId(), v.getCustomerId(), v.getCategory(),
                    v.getOpenedAt(), v.getExpiresAt(), v.getBillable(), v.getOpenedBy(), v.getRule()).toString();
            assertThat(result.remove(cancelled)).as("voided %s was opened", cancelled).isTrue();
        }
        return result;
    }

    private static List<String> describe(List<ConversationOpened> conversations) {
        return conversations.stream().map(ConversationOpened::toString).toList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private List<Bytes> entriesOf(String store, List<String> customers) {
        KeyValueStore<Bytes, byte[]> kv = driver.getKeyValueStore(store);
        List<Bytes> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = kv.all()) {
            all.forEachRemaining(entry -> {
                if (customers.stream().anyMatch(c -> startsWith(entry.key.get(), PairKey.encode(new Pair(BUSINESS, c))))) {
                    found.add(entry.key);
                }
            });
        }
        return found;
    }

    private List<Bytes> historyOf(List<String> customers) {
        KeyValueStore<Bytes, byte[]> history = driver.getKeyValueStore(BillingTopology.PAIR_HISTORY_STORE);
        List<Bytes> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = history.all()) {
            all.forEachRemaining(entry -> {
                if (customers.stream().anyMatch(c -> startsWith(entry.key.get(), PairHistory.prefix(new Pair(BUSINESS, c))))) {
                    found.add(entry.key);
                }
            });
        }
        return found;
    }

    private List<Bytes> indexEntriesOf(List<String> customers) {
        KeyValueStore<Bytes, byte[]> index = driver.getKeyValueStore(BillingTopology.EXPIRY_INDEX_STORE);
        List<Bytes> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = index.all()) {
            all.forEachRemaining(entry -> {
                byte[] key = Arrays.copyOfRange(entry.key.get(), 8, entry.key.get().length);
                if (customers.stream().anyMatch(c -> startsWith(key, PairKey.encode(new Pair(BUSINESS, c))))) {
                    found.add(entry.key);
                }
            });
        }
        return found;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

}
