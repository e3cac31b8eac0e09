package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.avro.PricedConversation;
import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessage;
import dev.convometer.avro.PricedMessageVoided;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Generated traffic with its business accounts, replay's priced result for it (the expected one), and the priced records
 * a live service committed, net of corrections: what the broker-backed pricing tests compare (PRICING 7.9, 7.12).
 */
final class PricedTraffic {
    /** Free tiers of two (both), with {@link #countingCard()}'s bands of two: the counters move prices in small traffic. */
    static final String FREE_TIER = "2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PricedTraffic() {
    }

    /**
     * Writes {@code dir/traffic.jsonl} (lines delayed by up to {@code lateness}, in arrival order) and, beside it, its
     * accounts ({@link #accounts}); returns the traffic.
     */
    static Path generate(Path dir, int pairs, int events, long seed, Duration lateness, Instant start, int days) throws IOException {
        TrafficGenerator generator = new TrafficGenerator(pairs, events, seed, lateness, start, days);
        Path traffic = dir.resolve("traffic.jsonl");
        try (Writer out = Files.newBufferedWriter(traffic); Writer accounts = Files.newBufferedWriter(accounts(dir))) {
            generator.writeTo(out);
            generator.writeAccountsTo(accounts);
        }
        return traffic;
    }

    /** The accounts that {@link #generate} writes beside the traffic, one JSON object a line. */
    static Path accounts(Path dir) {
        return dir.resolve("accounts.jsonl");
    }

    /**
     * Replay of {@code traffic} in O-ORDER (its default) with the accounts beside it, {@code rateCard}, the kit's markets
     * and {@code options}; its files go to {@code dir}.
     */
    static Priced replay(Path dir, Path traffic, Path rateCard, String... options) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<String> args = new ArrayList<>(List.of("replay", "--input", traffic.toString(),
                "--output", dir.resolve("replay-opened.jsonl").toString(),
                "--accounts", accounts(dir).toString(), "--rate-card", rateCard.toString(),
                "--country-markets", kit("country-markets.csv").toString(),
                "--priced-conversations", dir.resolve("replay-priced-conversations.jsonl").toString(),
                "--priced-messages", dir.resolve("replay-priced-messages.jsonl").toString()));
        args.addAll(List.of(options));
        assertThat(ConvoMeter.run(args.toArray(String[]::new), quiet, quiet)).isZero();
        Priced replay = new Priced();
        replay.conversations.addAll(ComparisonTraffic.lines(dir.resolve("replay-priced-conversations.jsonl")));
        replay.messages.addAll(ComparisonTraffic.lines(dir.resolve("replay-priced-messages.jsonl")));
        return replay;
    }

    /** Bands of two for utility and authentication in the United Kingdom (every generated customer's market). */
    static Path countingCard() throws Exception {
        return Path.of(PricedTraffic.class.getResource("/pricing-live/counting-rate-card.csv").toURI());
    }

    /** A table of the pricing kit ({@code scenarios/pricing-kit/}). */
    static Path kit(String table) throws Exception {
        return Path.of(PricedTraffic.class.getResource("/scenarios/pricing-kit/" + table).toURI());
    }

    /** The values of field {@code name} in {@code lines}. */
    static Set<String> field(List<String> lines, String name) {
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line).path(name).asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toSet());
    }

    /** Priced records as JSON lines in replay's format: emitted, and (live) voided; {@link #add} may be called from any thread. */
    static final class Priced {
        final List<String> conversations = Collections.synchronizedList(new ArrayList<>());
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        final List<String> conversationsVoided = Collections.synchronizedList(new ArrayList<>());
        final List<String> messagesVoided = Collections.synchronizedList(new ArrayList<>());

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
