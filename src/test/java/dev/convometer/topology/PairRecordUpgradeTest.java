package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairState;
import dev.convometer.domain.TrafficEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pair record written by the release before openers (version 4) under a processor of this one: its head knows no
 * opener, and a late event's replay, which knows them, must still agree with it and correct as before.
 */
class PairRecordUpgradeTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final Bytes KEY = Bytes.wrap(PairKey.encode(PAIR));

    private final InMemoryStores stores = new InMemoryStores();
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<Bytes, byte[]> pairs = stores.bytes(BillingTopology.PAIR_STATE_STORE);
    private final BillingProcessor processor = new BillingProcessor(BillingSettings.DEFAULTS, new BillingCounters(), new AccountChanges());

    @BeforeEach
    void start() {
        context.addStateStore(pairs);
        context.addStateStore(stores.bytes(BillingTopology.PAIR_HISTORY_STORE));
        context.addStateStore(stores.bytes(BillingTopology.EXPIRY_INDEX_STORE));
        context.addStateStore(stores.store(BillingTopology.EXPIRY_CURSOR_STORE, Serdes.String(), Serdes.Long()));
        processor.init(context);
        context.setCurrentStreamTimeMs(0);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private void process(TrafficEvent event) {
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), event.timestamp()));
        processor.process(new Record<>(PAIR, event, event.timestamp()));
    }

    private static BusinessMessage template(String id, String instant, Category category) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.TEMPLATE, category, null);
    }

    /** Billed in order by the release before, which wrote the pair's record as version 4. */
    private void billedByTheReleaseBefore(TrafficEvent... events) {
        for (TrafficEvent event : events) {
            process(event);
        }
        pairs.put(KEY, Version4Records.encode(PairRecord.decode(pairs.get(KEY))));
        context.resetForwards();
    }

    private List<Object> forwardedTo(String sink) {
        return context.forwarded(sink).stream().map(forward -> (Object) forward.record().value()).toList();
    }

    @Test
    void shouldCorrectAndLearnTheOpenersWhenAVersion4HeadKnowsNone() {
        billedByTheReleaseBefore(CustomerMessage.inbound("i1", PAIR, at("2024-05-01T09:00:00Z"), false),
                template("u1", "2024-05-01T10:00:00Z", Category.UTILITY), template("m1", "2024-05-01T11:00:00Z", Category.MARKETING));
        assertThat(PairRecord.decode(pairs.get(KEY)).head().openedBy(Category.UTILITY)).isNull();

        process(template("u0", "2024-05-01T09:30:00Z", Category.UTILITY)); // late: u1 joins u0's conversation now

        assertThat(forwardedTo(BillingTopology.VOIDED_SINK)).extracting(v -> ((ConversationVoided) v).getOpenedBy()).containsExactly("u1");
        assertThat(forwardedTo(BillingTopology.OPENED_SINK)).extracting(o -> ((ConversationOpened) o).getOpenedBy()).containsExactly("u0");
        PairState head = PairRecord.decode(pairs.get(KEY)).head();
        assertThat(head.openedBy(Category.UTILITY)).isEqualTo("u0");
        assertThat(head.openedBy(Category.MARKETING)).as("learned from the replay").isEqualTo("m1");
    }

    @Test
    void shouldStillRefuseAVersion4HeadThatTheHistoryDoesNotReplayTo() {
        billedByTheReleaseBefore(template("u1", "2024-05-01T10:00:00Z", Category.UTILITY));
        PairRecord stored = PairRecord.decode(pairs.get(KEY));
        PairState wrong = PairState.of(stored.head().cswUntil(), stored.head().entryUntil())
                .withConversation(Category.UTILITY, at("2024-05-01T10:00:00Z"), at("2024-05-02T11:00:00Z"), null);
        pairs.put(KEY, Version4Records.encode(stored.withHead(wrong, stored.last())));

        assertThatThrownBy(() -> process(template("u0", "2024-05-01T09:30:00Z", Category.UTILITY)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not replay to its state");
    }
}
