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
        String[] openers = {"out-\u00e9\u4e2d\uD83D\uDE00", "", "x".repeat(300), null, "fep-1"};
        for (Category category : Category.values()) {
            head = head.withConversation(category, T + category.ordinal(), T + 86_400_000L + category.ordinal(), openers[category.ordinal()]);
        }
        PairRecord record = new PairRecord(head, new EventPosition(T, EventKind.AD_CLICK, "ad-\u00e9"),
                PairState.of(T, PairState.NONE).withConversation(Category.UTILITY, T - 10, T + 10, "u-\u00e9"), T - 1, T + 7,
                HistoryFilter.EMPTY.with(CustomerMessage.adClick("ad-\u00e9", PAIR, T)));

        PairRecord read = PairRecord.decode(record.encode());

        assertThat(read).isEqualTo(record);
        assertThat(read.head().openedBy(Category.UTILITY)).isEmpty();
        assertThat(read.head().openedBy(Category.SERVICE)).isNull();
    }

    @Test
    void shouldStoreBaseOpenerOnceWhenBaseKeepsHeadsConversation() {
        PairState head = PairState.of(T, PairState.NONE).withConversation(Category.MARKETING, T - 10, T + 10, "m-1");
        PairState other = PairState.of(T, PairState.NONE).withConversation(Category.MARKETING, T - 10, T + 10, "m-2");
        PairRecord shared = PairRecord.NEW.withHead(head, null).withBase(head, T - 1, T + 1);
        PairRecord distinct = PairRecord.NEW.withHead(head, null).withBase(other, T - 1, T + 1);

        PairRecord read = PairRecord.decode(shared.encode());

        assertThat(read).isEqualTo(shared);
        assertThat(read.base().openedBy(Category.MARKETING)).isSameAs(read.head().openedBy(Category.MARKETING));
        assertThat(PairRecord.decode(distinct.encode())).isEqualTo(distinct);
        assertThat(shared.encode()).hasSize(distinct.encode().length - "m-2".length());
    }

    @Test
    void shouldReadVersion4RecordWithEveryOpenerUnknownWhenWrittenBeforeOpeners() {
        PairState head = PairState.of(T + 86_400_000L, T + 3_600_000L);
        for (Category category : Category.values()) {
            head = head.withConversation(category, T + category.ordinal(), T + 86_400_000L + category.ordinal(), "o-" + category);
        }
        PairState base = PairState.of(T, PairState.NONE).withConversation(Category.UTILITY, T - 10, T + 10, "u-1");
        PairRecord record = new PairRecord(head, new EventPosition(T, EventKind.OUTBOUND_SEND, "o-\u00e9"), base, T - 1, T + 7,
                HistoryFilter.EMPTY.with(CustomerMessage.adClick("ad-1", PAIR, T)));

        PairRecord read = PairRecord.decode(Version4Records.encode(record));

        assertThat(read).isEqualTo(new PairRecord(Version4Records.withoutOpeners(head), record.last(),
                Version4Records.withoutOpeners(base), T - 1, T + 7, record.kept()));
        assertThat(read.head().agreesWith(read.head())).isTrue();
        assertThat(head.agreesWith(read.head())).as("a replay that knows the openers agrees with the upgraded head").isTrue();
        assertThat(read.head().agreesWith(head)).as("but not the other way round").isFalse();
        assertThat(PairRecord.decode(read.encode())).as("written again as version 5, openers still unknown").isEqualTo(read);
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
                .hasMessageContaining("version 1").hasMessageContaining("reads versions 3, 4 and 5")
                .hasMessageContaining("fresh application.id");
        assertThatThrownBy(() -> PairRecord.decode(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
}
