package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairState;
import org.junit.jupiter.api.Test;

/** The pair state codec: what {@code pair-state} stores of a pair reads back the same. */
class PairRecordTest {
    private static final long T = 1_714_521_600_000L;
    private static final Pair PAIR = new Pair("15550001", "447700900001");

    @Test
    void shouldReadBackTheNewRecordWhenNothingIsKnown() {
        assertThat(PairRecord.decode(PairRecord.NEW.encode())).isEqualTo(PairRecord.NEW);
    }

    @Test
    void shouldReadBackEveryFieldWhenHeadAndBaseHoldConversations() {
        PairState head = PairState.of(T + 86_400_000L, T + 3_600_000L);
        for (Category category : Category.values()) {
            head = head.withConversation(category, T + category.ordinal(), T + 86_400_000L + category.ordinal());
        }
        PairRecord record = new PairRecord(head, new EventPosition(T, EventKind.AD_CLICK, "ad-\u00e9"),
                PairState.of(T, PairState.NONE).withConversation(Category.UTILITY, T - 10, T + 10), T - 1, T + 7,
                HistoryFilter.EMPTY.with(CustomerMessage.adClick("ad-\u00e9", PAIR, T)));

        assertThat(PairRecord.decode(record.encode())).isEqualTo(record);
    }

    @Test
    void shouldKeepAnEmptyEventIdWhenTheLastPositionHasOne() {
        PairRecord record = PairRecord.NEW.withHead(PairState.EMPTY, new EventPosition(-5, EventKind.OUTBOUND_SEND, "x"));

        assertThat(PairRecord.decode(record.encode()).last()).isEqualTo(new EventPosition(-5, EventKind.OUTBOUND_SEND, "x"));
    }

    @Test
    void shouldChangeOnlyTheirFieldsWhenCopied() {
        EventPosition last = new EventPosition(T, EventKind.INBOUND_MESSAGE, "in-1");
        PairState state = PairState.of(T, PairState.NONE);

        HistoryFilter kept = HistoryFilter.EMPTY.with(CustomerMessage.inbound("in-1", PAIR, T, false));

        PairRecord record = PairRecord.NEW.withHead(state, last).withBase(state, T - 1, T + 1).withMaintainAt(T + 2).withKept(kept);

        assertThat(record).isEqualTo(new PairRecord(state, last, state, T - 1, T + 2, kept));
    }

    @Test
    void shouldRefuseTheRecordWhenItsVersionIsUnknown() {
        byte[] bytes = PairRecord.NEW.encode();
        bytes[0] = 1;

        assertThatThrownBy(() -> PairRecord.decode(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1").hasMessageContaining("fresh application.id");
        assertThatThrownBy(() -> PairRecord.decode(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
}
