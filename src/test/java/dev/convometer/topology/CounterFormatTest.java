package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.pricing.AccountSource;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.CountedEntry;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.Counter;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.CounterHead;
import dev.convometer.domain.pricing.Era;
import dev.convometer.domain.pricing.ItemKey;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.PricingCategory;
import dev.convometer.domain.pricing.PricingModel;
import dev.convometer.domain.pricing.PricingRule;
import dev.convometer.domain.pricing.PricingType;
import dev.convometer.domain.pricing.UnpricedReason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The counter stage's bytes: deltas and entries round-trip whole, and item keys sort in P-ORDER within a counter. */
class CounterFormatTest {
    private static final String TOPIC = "convo-meter-counter-repartition";
    private static final Counter TIER = new Counter(Counter.Kind.VOLUME_TIER, "volume-tier/portfolio/P%C3%A9/2025-09/India/utility");
    private static final Counter CBP = new Counter(Counter.Kind.CBP_SERVICE, "cbp-service/WA/2024-05");

    private final Serde<CounterDelta> serde = CounterFormat.deltaSerde();

    private static Charge charge(BigDecimal amount, String country, String rateCardVersion, String tier, UnpricedReason reason) {
        return new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.UTILITY, PricingType.REGULAR, PricingRule.P_PMP_REGULAR,
                true, "WA", "Pé", "2025-09", AccountSource.RECORD, country, "India", "USD", amount, rateCardVersion, tier, reason);
    }

    private static CountedItem message(String eventId, String customer, long timestamp, Charge charge, String attributedTo) {
        return new CountedItem(new PricedMessage("M/15550101/" + customer + "/" + timestamp + "/" + eventId, eventId, "15550101",
                customer, timestamp, MessageType.TEMPLATE, Category.UTILITY, charge, attributedTo), TIER, LocalDate.of(2025, 9, 10));
    }

    private static CountedItem conversation(String openedBy, Charge charge) {
        return new CountedItem(new PricedConversation("C/15550101/919810000001/1715335200000/" + openedBy, "15550101", "919810000001",
                Category.SERVICE, 1_715_335_200_000L, 1_715_421_600_000L, openedBy, charge), CBP, LocalDate.of(2024, 5, 10));
    }

    private CounterDelta roundTrip(CounterDelta delta) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, delta));
    }

    @Test
    void shouldReadBackEqualMessagesWhenEveryNullableFieldIsNullOrSet() {
        CountedItem full = message("o1", "919810000001", 1_757_498_400_000L, charge(new BigDecimal("0.002000"), "IN", "COUNT-2025-07", "1:2", null),
                "C/15550101/919810000001/1/o0");
        CountedItem empty = message("o2", "919810000002", 1_757_502_000_000L, new Charge(Era.PMP_2025, PricingModel.PMP,
                PricingCategory.UTILITY, PricingType.REGULAR, PricingRule.P_PMP_REGULAR, true, null, null, null, null, null, "India",
                null, null, null, null, UnpricedReason.NO_RATE), null);
        CounterDelta delta = new CounterDelta(TIER, List.of(full), List.of(empty, full), "o2");

        assertThat(roundTrip(delta)).isEqualTo(delta);
    }

    @Test
    void shouldReadBackEqualConversationsWhenOpenedByIsNullAndTheAmountIsFree() {
        Charge free = new Charge(Era.CBP_2023, PricingModel.CBP, PricingCategory.SERVICE, PricingType.FREE_TIER, PricingRule.P_FREE_TIER,
                true, "WA", null, "2024-05", AccountSource.DEFAULT, null, "Rest of World", "EUR", Charge.FREE, null, null, null);
        CounterDelta delta = new CounterDelta(CBP, List.of(), List.of(conversation(null, free), conversation("ö-1", free)), "i1");

        assertThat(roundTrip(delta)).isEqualTo(delta);
    }

    @Test
    void shouldReadBackNonAsciiAndZeroBytesWhenStringsHoldThem() {
        Charge charge = charge(new BigDecimal("12345678.123456"), "IN", "版本-😀", "3:", null);
        CounterDelta delta = new CounterDelta(TIER, List.of(), List.of(message("é\u0000😀", "91 98\u00001", -5L, charge, null)), "ид");

        assertThat(roundTrip(delta)).isEqualTo(delta);
    }

    @Test
    void shouldReadBackAnEntryWithItsRecordOrWithoutOneWhenStored() {
        CountedItem item = message("o1", "919810000001", 1_757_498_400_000L, charge(new BigDecimal("0.002000"), "IN", "V", "1:2", null), null);
        CountedEntry priced = new CountedEntry(item, item.item().withCharge(charge(new BigDecimal("0.001500"), "IN", "V", "3:", null)));
        CountedEntry unpriced = new CountedEntry(item, null);

        assertThat(CounterFormat.decodeEntry(CounterFormat.encode(priced))).isEqualTo(priced);
        assertThat(CounterFormat.decodeEntry(CounterFormat.encode(unpriced))).isEqualTo(unpriced);
    }

    @Test
    void shouldReadBackAHeadWhenSomeBoundaryRanksAreNotReachedYet() {
        CounterHead head = new CounterHead(3, new long[] {2, 10}, new ItemKey[] {new ItemKey(7, "15550101", "9198", "é"), null});

        assertThat(CounterFormat.decodeHead(CounterFormat.encode(head))).isEqualTo(head);
    }

    @Test
    void shouldSortItemKeysInPOrderWhenInstantsAndStringsDiffer() {
        List<ItemKey> keys = new ArrayList<>(List.of(new ItemKey(-1, "b", "c", "d"), new ItemKey(0, "b", "c", "d"),
                new ItemKey(Long.MAX_VALUE, "", "", ""), new ItemKey(Long.MIN_VALUE, "z", "z", "z"), new ItemKey(5, "a", "c", "d"),
                new ItemKey(5, "a\u0000", "a", "a"), new ItemKey(5, "a\u0000\u0000", "", ""), new ItemKey(5, "a", "", "x"),
                new ItemKey(5, "ab", "", ""), new ItemKey(5, "a\uFFFF", "", ""), new ItemKey(5, "a😀", "", ""),
                new ItemKey(5, "a", "c", "d\u0000"), new ItemKey(5, "a", "c", "dé")));
        List<ItemKey> byBytes = new ArrayList<>(keys);
        byBytes.sort(Comparator.comparing(key -> Bytes.wrap(CounterFormat.itemKey(TIER, key))));
        keys.sort(ItemKey::compareTo);

        assertThat(byBytes).isEqualTo(keys);
        int counterLength = CounterFormat.counterLow(TIER.key()).length;
        assertThat(keys).allSatisfy(key -> assertThat(CounterFormat.itemKey(CounterFormat.itemKey(TIER, key), counterLength)).isEqualTo(key));
    }

    @Test
    void shouldKeepEveryKeyOfACounterWithinItsBoundsWhenAnotherCounterKeyExtendsIt() {
        Counter prefix = new Counter(Counter.Kind.PMP_SERVICE, "pmp-service/1555/2026-10");
        Counter longer = new Counter(Counter.Kind.PMP_SERVICE, "pmp-service/1555/2026-10\u0000x");
        Bytes low = Bytes.wrap(CounterFormat.counterLow(prefix.key()));
        Bytes high = Bytes.wrap(CounterFormat.counterHigh(prefix.key()));

        for (ItemKey key : List.of(new ItemKey(Long.MIN_VALUE, "", "", ""), new ItemKey(Long.MAX_VALUE, "\uFFFF", "😀", "z"))) {
            assertThat(Bytes.wrap(CounterFormat.itemKey(prefix, key))).isBetween(low, high);
            assertThat(Bytes.wrap(CounterFormat.itemKey(longer, key))).isGreaterThan(high);
        }
    }

    @Test
    void shouldStopTheTaskWhenADeltaIsOfAnUnknownVersionOrTruncated() {
        byte[] bytes = serde.serializer().serialize(TOPIC, new CounterDelta(CBP, List.of(), List.of(conversation("o1", charge(null, null, null, null,
                UnpricedReason.NO_RATE))), "o1"));
        byte[] newer = bytes.clone();
        newer[0] = 2;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, newer)).isInstanceOf(SerializationException.class)
                .satisfies(e -> assertThat(UnreadableRecordHandler.unknownRepartitionFormat(e)).isTrue());
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 3)))
                .satisfies(e -> assertThat(UnreadableRecordHandler.unknownRepartitionFormat(e)).isTrue());
    }
}
