package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.app.traffic.TrafficLine;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.avro.PricedConversation;
import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessage;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pricing on a real KRaft broker, exactly-once (PRICING 7.2, 7.9, 7.10): generated traffic from 2025-06-29 to
 * 2025-07-02 in the zones of its accounts, so that items on both sides of the PMP start (local midnight of 2025-07-01)
 * and of a business's second account version are priced; the accounts published before the events. What the service
 * committed to the priced topics, emitted minus voided, is what replay in O-ORDER writes with the same accounts and
 * tables, every field, whether the traffic arrives in O-ORDER or up to two days late.
 */
class PricingLiveTest {
    private static final int PARTITIONS = 3;
    private static final int PAIRS = 300;
    private static final int EVENTS = 4_000;
    private static final long SEED = 29;
    private static final Instant START = Instant.parse("2025-06-29T00:00:00Z");
    private static final int DAYS = 4;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** The traffic (lines delayed by up to {@code lateness}, in arrival order) and, beside it, its accounts. */
    private Path generate(Duration lateness) throws Exception {
        TrafficGenerator generator = new TrafficGenerator(PAIRS, EVENTS, SEED, lateness, START, DAYS);
        Path traffic = dir.resolve("traffic.jsonl");
        try (Writer out = Files.newBufferedWriter(traffic); Writer accounts = Files.newBufferedWriter(accounts())) {
            generator.writeTo(out);
            generator.writeAccountsTo(accounts);
        }
        return traffic;
    }

    private Path accounts() {
        return dir.resolve("accounts.jsonl");
    }

    /** Replay of {@code traffic} in O-ORDER (its default) with the accounts and the kit's tables. */
    private Priced replay(Path traffic) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(new String[] {"replay", "--input", traffic.toString(), "--output", file("replay-opened.jsonl"),
                "--accounts", accounts().toString(), "--rate-card", kit("rate-card.csv").toString(),
                "--country-markets", kit("country-markets.csv").toString(),
                "--priced-conversations", file("replay-priced-conversations.jsonl"),
                "--priced-messages", file("replay-priced-messages.jsonl")}, quiet, quiet)).isZero();
        Priced replay = new Priced();
        replay.conversations.addAll(ComparisonTraffic.lines(dir.resolve("replay-priced-conversations.jsonl")));
        replay.messages.addAll(ComparisonTraffic.lines(dir.resolve("replay-priced-messages.jsonl")));
        return replay;
    }

    /** Publishes the accounts, then {@code events} in the order given, and reads what the service commits until it caught up. */
    private Priced billLive(List<TrafficLine> events) throws Exception {
        ServiceConfig config = SharedBroker.freshConfig("pricing", dir.resolve("state"))
                .with("pricing.enabled", "true")
                .with("pricing.rate-card.path", kit("rate-card.csv").toString())
                .with("pricing.country-markets.path", kit("country-markets.csv").toString());
        kafka.createTopics(PARTITIONS, config.topics());
        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, new PrintStream(OutputStream.nullOutputStream()));
        publisher.publishAccounts(AccountFile.readAll(List.of(accounts()), null).histories().values());
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
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line).path(name).asText();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toSet());
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static Path kit(String table) throws Exception {
        return Path.of(PricingLiveTest.class.getResource("/scenarios/pricing-kit/" + table).toURI());
    }

    /** Priced records as JSON lines in replay's format: emitted, and (live) voided. */
    private static final class Priced {
        final List<String> conversations = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<String> conversationsVoided = new ArrayList<>();
        final List<String> messagesVoided = new ArrayList<>();

        void add(SpecificRecord record) {
            String line = BillingJson.record(record);
            if (record instanceof PricedConversation) {
                conversations.add(line);
            } else if (record instanceof PricedMessage) {
                messages.add(line);
            } else if (record instanceof PricedConversationVoided) {
                conversationsVoided.add(line);
            } else if (record instanceof PricedMessageVoided) {
                messagesVoided.add(line);
            } else {
                throw new AssertionError("not a priced record: " + record);
            }
        }

        /** Emitted minus voided (P-CORRECT), each a multiset of whole records, sorted so that a difference shows. */
        List<List<String>> net() {
            return List.of(NetBilling.net(conversations, conversationsVoided, "voided_by").stream().sorted().toList(),
                    NetBilling.net(messages, messagesVoided, "voided_by").stream().sorted().toList());
        }
    }
}
