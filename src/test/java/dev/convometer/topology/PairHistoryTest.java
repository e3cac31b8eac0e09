package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pair-history store on its own, in an in-memory store. */
class PairHistoryTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final long T = 1_714_521_600_000L;

    private PairHistory history;

    @BeforeEach
    void createHistory() {
        history = new PairHistory(new InMemoryStores().bytes("pair-history"));
    }

    @Test
    void shouldReadBackEveryKindOfEventWhenStored() {
        TrafficEvent inbound = CustomerMessage.inbound("in-1", PAIR, T, true);
        TrafficEvent click = CustomerMessage.adClick("ad-1", PAIR, T + 1);
        TrafficEvent template = new BusinessMessage("out-1", PAIR, T + 2, MessageType.TEMPLATE, Category.UTILITY, DeliveryStatus.READ);
        TrafficEvent freeForm = new BusinessMessage("out-2", PAIR, T + 3, MessageType.FREE_FORM, null, DeliveryStatus.FAILED);

        history.put(inbound, true);
        history.put(click, false);
        history.put(template, true);
        history.put(freeForm, false);

        assertThat(history.read(PAIR)).containsExactlyInAnyOrder(new PairHistory.Entry(inbound, true),
                new PairHistory.Entry(click, false), new PairHistory.Entry(template, true), new PairHistory.Entry(freeForm, false));
    }

    @Test
    void shouldReadOnlyThePairsOwnEventsWhenIdsShareAPrefix() {
        Pair longer = new Pair(PAIR.businessId(), PAIR.customerId() + "0");
        Pair shifted = new Pair(PAIR.businessId() + "4", PAIR.customerId().substring(1));
        TrafficEvent own = CustomerMessage.inbound("in-1", PAIR, T, false);
        history.put(own, true);
        history.put(CustomerMessage.inbound("in-2", longer, T, false), true);
        history.put(CustomerMessage.inbound("in-3", shifted, T, false), true);

        assertThat(history.read(PAIR)).containsExactly(new PairHistory.Entry(own, true));
    }

    @Test
    void shouldFindTheCopyAppliedLastWhenCopiesArriveOutOfTimeOrder() {
        history.put(CustomerMessage.inbound("a", PAIR, 5, false), true);
        history.put(CustomerMessage.inbound("a", PAIR, -5, false), true);
        history.put(CustomerMessage.inbound("a", PAIR, 7, false), false);

        assertThat(history.copiesOf(CustomerMessage.inbound("a", PAIR, 9, false)).lastApplied()).isEqualTo(5L);
        assertThat(history.read(PAIR)).extracting(entry -> entry.event().timestamp()).containsExactly(-5L, 5L, 7L);
    }

    @Test
    void shouldKeepTheOtherCopiesWhenOneIsDeleted() {
        TrafficEvent first = CustomerMessage.inbound("a", PAIR, T, false);
        TrafficEvent second = CustomerMessage.inbound("a", PAIR, T + 1, false);
        history.put(first, true);
        history.put(second, false);

        history.delete(first);

        assertThat(history.contains(first, HistoryFilter.FULL)).isFalse();
        assertThat(history.read(PAIR)).containsExactly(new PairHistory.Entry(second, false));
        history.delete(second);
        assertThat(history.read(PAIR)).isEmpty();
    }

    @Test
    void shouldFindNoCopyWhenOnlyOtherEventsOrDuplicatesAreKept() {
        history.put(CustomerMessage.inbound("a", PAIR, 5, false), false);
        history.put(CustomerMessage.inbound("ab", PAIR, 6, false), true); // an id the other one is a prefix of
        history.put(CustomerMessage.adClick("a", PAIR, 6), true); // same id, another kind
        history.put(CustomerMessage.inbound("a", new Pair(PAIR.businessId(), PAIR.customerId() + "0"), 6, false), true);

        assertThat(history.copiesOf(CustomerMessage.inbound("a", PAIR, 9, false)).lastApplied()).isNull();
        assertThat(history.copiesOf(CustomerMessage.inbound("ab", PAIR, 9, false)).lastApplied()).isEqualTo(6L);
    }

    @Test
    void shouldForgetAnEventWhenDeleted() {
        TrafficEvent event = CustomerMessage.adClick("ad-1", PAIR, T);
        history.put(event, true);

        assertThat(history.contains(event, HistoryFilter.FULL)).isTrue();
        history.delete(event);

        assertThat(history.contains(event, HistoryFilter.FULL)).isFalse();
        assertThat(history.read(PAIR)).isEmpty();
    }

    @Test
    void shouldReplaceWhetherItCountsWhenStoredAgain() {
        TrafficEvent event = CustomerMessage.inbound("in-1", PAIR, T, false);
        history.put(event, true);
        history.put(event, false);

        assertThat(history.read(PAIR)).containsExactly(new PairHistory.Entry(event, false));
    }
}
