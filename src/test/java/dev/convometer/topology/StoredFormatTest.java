package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.Pair;
import dev.convometer.domain.PairState;
import java.util.HexFormat;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * What is stored survives an upgrade: records written by this release, kept here as bytes, must read back the same
 * whatever enum values are added or reordered later (stored codes are fixed letters, not ordinals), and a record of
 * an unknown version or code is refused instead of misread.
 */
class StoredFormatTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final HexFormat HEX = HexFormat.of();

    /** A pair record with conversations in head and base and a last position, as this release writes it. */
    private static final PairRecord RECORD = record("m0", "m1", "s\u00e9");
    private static final String RECORD_BYTES = "050000018f3699cc008000000000000000024d0000018f317370000000018f3699cc00046d30460000018f31aa5e800000018f411d7280046d3180000000000000000000018f361fba0001530000018f3029d9000000018f355035000573c3a90000018f125c74000000018f4df73e0000000080000000000000000000000000000000800000000000000080000000000000018f31aa5e804f6d31";
    /** The same record as release 4 wrote it, before openers. */
    private static final String VERSION_4_RECORD_BYTES = "040000018f3699cc008000000000000000024d0000018f317370000000018f3699cc00460000018f31aa5e800000018f411d728080000000000000000000018f361fba0001530000018f3029d9000000018f355035000000018f125c74000000018f4df73e0000000080000000000000000000000000000000800000000000000080000000000000018f31aa5e804f6d31";
    /** The same record as release 3 wrote it, before the history filter. */
    private static final String VERSION_3_RECORD_BYTES = "030000018f3699cc008000000000000000024d0000018f317370000000018f3699cc00460000018f31aa5e800000018f411d728080000000000000000000018f361fba0001530000018f3029d9000000018f355035000000018f125c74000000018f4df73e000000018f31aa5e804f6d31";

    private static PairRecord record(String marketingBy, String freeEntryPointBy, String serviceBy) {
        return new PairRecord(
                PairState.of(1_714_608_000_000L, PairState.NONE)
                        .withConversation(Category.MARKETING, 1_714_521_600_000L, 1_714_608_000_000L, marketingBy)
                        .withConversation(Category.FREE_ENTRY_POINT, 1_714_525_200_000L, 1_714_784_400_000L, freeEntryPointBy),
                new EventPosition(1_714_525_200_000L, EventKind.OUTBOUND_SEND, "m1"),
                PairState.of(PairState.NONE, 1_714_600_000_000L)
                        .withConversation(Category.SERVICE, 1_714_500_000_000L, 1_714_586_400_000L, serviceBy),
                1_714_000_000_000L, 1_715_000_000_000L, HistoryFilter.EMPTY.with(CustomerMessage.inbound("in-1", PAIR, 1_714_521_600_000L, false)));
    }

    @Test
    void shouldReadPairRecordWrittenByThisReleaseWhenEnumsGainValuesLater() {
        assertThat(HEX.formatHex(RECORD.encode())).isEqualTo(RECORD_BYTES);
        assertThat(PairRecord.decode(HEX.parseHex(RECORD_BYTES))).isEqualTo(RECORD);
    }

    @Test
    void shouldReadVersion4PairRecordWithUnknownOpenersWhenWrittenBeforeOpeners() {
        assertThat(HEX.formatHex(Version4Records.encode(RECORD))).isEqualTo(VERSION_4_RECORD_BYTES);

        PairRecord read = PairRecord.decode(HEX.parseHex(VERSION_4_RECORD_BYTES));

        assertThat(read).isEqualTo(record(null, null, null));
        assertThat(read.head().openedBy(Category.MARKETING)).isNull();
        assertThat(read.head().openedAt(Category.MARKETING)).isEqualTo(1_714_521_600_000L);
    }

    @Test
    void shouldReadVersion3PairRecordWithFilterThatSaysYesWhenWrittenBeforeTheFilter() {
        PairRecord read = PairRecord.decode(HEX.parseHex(VERSION_3_RECORD_BYTES));

        assertThat(read).isEqualTo(record(null, null, null).withKept(HistoryFilter.FULL));
        assertThat(read.kept().mightContain(CustomerMessage.adClick("never-added", PAIR, 0L))).isTrue();
    }

    @Test
    void shouldRefusePairRecordOfAnotherVersion() {
        byte[] bytes = RECORD.encode();
        bytes[0] = 1;

        assertThatThrownBy(() -> PairRecord.decode(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 1").hasMessageContaining("reads versions 3, 4 and 5")
                .hasMessageContaining("fresh application.id");
    }

    @Test
    void shouldRefuseCategoryCodeItDoesNotKnow() {
        byte[] bytes = RECORD.encode();
        bytes[1 + 8 + 8 + 1] = 'Z'; // the first conversation slot of head

        assertThatThrownBy(() -> PairRecord.decode(bytes)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown category code");
    }

    @Test
    void shouldKeyHistoryByFixedKindCode() {
        KeyValueStore<Bytes, byte[]> store = new InMemoryStores().bytes(BillingTopology.PAIR_HISTORY_STORE);
        new PairHistory(store).put(CustomerMessage.adClick("a1", PAIR, 0L), true);

        try (KeyValueIterator<Bytes, byte[]> records = store.all()) {
            KeyValue<Bytes, byte[]> record = records.next();
            // the pair (both ids length-prefixed), 'A' for an ad click, the event_id (length-prefixed)
            assertThat(HEX.formatHex(record.key.get())).isEqualTo("0000000831353535303030310000000c34343737303039303030303141000000026131");
            // per copy: its time, applied, entry point
            assertThat(HEX.formatHex(record.value)).isEqualTo("00000000000000000101");
            assertThat(records.hasNext()).isFalse();
        }
    }
}
