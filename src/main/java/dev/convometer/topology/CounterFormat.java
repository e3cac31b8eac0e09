package dev.convometer.topology;

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
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.PricingCategory;
import dev.convometer.domain.pricing.PricingModel;
import dev.convometer.domain.pricing.PricingRule;
import dev.convometer.domain.pricing.PricingType;
import dev.convometer.domain.pricing.UnpricedReason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The counter stage's bytes (PRICING 7.13): the values of the internal {@code counter} repartition topic (a
 * {@link CounterDelta}), of its stores (a {@link CountedEntry}, a {@link CounterHead}), and its items' keys. Like
 * {@link RepartitionFormat}, only this service reads them: compact, no schema registry, a version byte first.
 *
 * <p><b>Item keys</b> ({@code counter-items}): the counter key, then the pricing instant (8 bytes, big-endian, sign bit
 * flipped), then business_id, customer_id and the item id; each string is its UTF-8 with 0x00 escaped as 0x00 0xFF and
 * ends with 0x00 0x01. Unsigned byte order is then P-ORDER within a counter (strings compare as unsigned UTF-8, a
 * shorter one first), and a counter's keys are contiguous: from {@link #counterLow} up to {@link #counterHigh} (0x00
 * 0x02 never occurs in an escaped string).
 *
 * <p><b>Values</b>, version 1: strings as an unsigned varint of UTF-8 length + 1 (0 for null) and the UTF-8; enums as
 * their wire names (fixed by PRICING, never ordinals, like {@link StoredCodes}); instants and the amount (its unscaled
 * value: amounts have exactly 6 decimals) as 8 bytes. An entry keeps its counted item whole and, of the record emitted
 * for it, only the charge: a rank changes nothing else ({@link PricedItem#withCharge}).
 */
final class CounterFormat {
    static final byte VERSION = 1;
    private static final byte CONVERSATION = 'C';
    private static final byte MESSAGE = 'M';

    private CounterFormat() {
    }

    /** The counter repartition topic's values; an unreadable one stops the task like the pair topic's (a charge). */
    static Serde<CounterDelta> deltaSerde() {
        Serializer<CounterDelta> serializer = (topic, delta) -> delta == null ? null : encode(delta);
        Deserializer<CounterDelta> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decodeDelta(bytes);
            } catch (RuntimeException e) {
                throw new RepartitionFormat.UnknownVersionException("unreadable record on the counter repartition topic ("
                        + bytes.length + " bytes; this release reads format version " + VERSION + "): " + e.getMessage());
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    // ---- keys ----

    /** The first bytes of every item key of the counter {@code counterKey}, and below them all. */
    static byte[] counterLow(String counterKey) {
        CounterBytes.Out out = new CounterBytes.Out();
        out.escaped(counterKey);
        return out.bytes();
    }

    /** Greater than every item key of the counter {@code counterKey}, less than any other counter's keys. */
    static byte[] counterHigh(String counterKey) {
        byte[] low = counterLow(counterKey);
        low[low.length - 1] = CounterBytes.END + 1;
        return low;
    }

    static byte[] itemKey(Counter counter, ItemKey key) {
        CounterBytes.Out out = new CounterBytes.Out();
        out.escaped(counter.key());
        out.putLong(key.instant() ^ Long.MIN_VALUE);
        out.escaped(key.businessId());
        out.escaped(key.customerId());
        out.escaped(key.itemId());
        return out.bytes();
    }

    /** The item key of an item key's bytes whose counter prefix is {@code counterLength} bytes long. */
    static ItemKey itemKey(byte[] bytes, int counterLength) {
        CounterBytes.In in = new CounterBytes.In(bytes, counterLength);
        long instant = in.buffer.getLong() ^ Long.MIN_VALUE;
        return new ItemKey(instant, in.escaped(), in.escaped(), in.escaped());
    }

    static byte[] encode(CounterDelta delta) {
        CounterBytes.Out out = new CounterBytes.Out();
        out.put(VERSION);
        counter(out, delta.counter());
        out.string(delta.causedBy());
        out.varint(delta.retracts().size());
        delta.retracts().forEach(item -> counted(out, item));
        out.varint(delta.adds().size());
        delta.adds().forEach(item -> counted(out, item));
        return out.bytes();
    }

    static CounterDelta decodeDelta(byte[] bytes) {
        CounterBytes.In in = CounterBytes.In.versioned(bytes, "counter delta");
        Counter counter = counter(in);
        String causedBy = in.string();
        List<CountedItem> retracts = countedItems(in);
        List<CountedItem> adds = countedItems(in);
        in.end();
        return new CounterDelta(counter, retracts, adds, causedBy);
    }

    static byte[] encode(CountedEntry entry) {
        CounterBytes.Out out = new CounterBytes.Out();
        out.put(VERSION);
        counted(out, entry.item());
        out.put((byte) (entry.record() == null ? 0 : 1));
        if (entry.record() != null) {
            charge(out, entry.record().charge());
        }
        return out.bytes();
    }

    static CountedEntry decodeEntry(byte[] bytes) {
        CounterBytes.In in = CounterBytes.In.versioned(bytes, "counted entry");
        CountedItem item = countedItem(in);
        PricedItem record = in.buffer.get() == 0 ? null : item.item().withCharge(charge(in));
        in.end();
        return new CountedEntry(item, record);
    }

    static byte[] encode(CounterHead head) {
        CounterBytes.Out out = new CounterBytes.Out();
        out.put(VERSION);
        out.putLong(head.size());
        out.varint(head.ranks().length);
        for (long rank : head.ranks()) {
            out.putLong(rank);
        }
        for (ItemKey key : head.atRank()) {
            out.put((byte) (key == null ? 0 : 1));
            if (key != null) {
                out.putLong(key.instant());
                out.string(key.businessId());
                out.string(key.customerId());
                out.string(key.itemId());
            }
        }
        return out.bytes();
    }

    static CounterHead decodeHead(byte[] bytes) {
        CounterBytes.In in = CounterBytes.In.versioned(bytes, "counter head");
        long size = in.buffer.getLong();
        long[] ranks = new long[in.varint()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = in.buffer.getLong();
        }
        ItemKey[] atRank = new ItemKey[ranks.length];
        for (int i = 0; i < atRank.length; i++) {
            if (in.buffer.get() != 0) {
                atRank[i] = new ItemKey(in.buffer.getLong(), in.string(), in.string(), in.string());
            }
        }
        in.end();
        return new CounterHead(size, ranks, atRank);
    }

    private static void counter(CounterBytes.Out out, Counter counter) {
        out.string(counter.kind().wireName());
        out.string(counter.key());
    }

    private static void counted(CounterBytes.Out out, CountedItem counted) {
        PricedItem item = counted.item();
        if (item instanceof PricedConversation c) {
            out.put(CONVERSATION);
            out.string(c.chargeId());
            out.string(c.businessId());
            out.string(c.customerId());
            out.string(c.category() == null ? null : c.category().wireName());
            out.putLong(c.openedAt());
            out.putLong(c.expiresAt());
            out.string(c.openedBy());
        } else {
            PricedMessage m = (PricedMessage) item;
            out.put(MESSAGE);
            out.string(m.chargeId());
            out.string(m.eventId());
            out.string(m.businessId());
            out.string(m.customerId());
            out.putLong(m.timestamp());
            out.string(m.messageType() == null ? null : m.messageType().wireName());
            out.string(m.category() == null ? null : m.category().wireName());
            out.string(m.attributedTo());
        }
        charge(out, item.charge());
        counter(out, counted.counter());
        out.putLong(counted.localDate().toEpochDay());
    }

    private static void charge(CounterBytes.Out out, Charge c) {
        out.string(c.era().wireName());
        out.string(c.pricingModel().wireName());
        out.string(c.pricingCategory().wireName());
        out.string(c.pricingType().wireName());
        out.string(c.pricingRule().id());
        out.put((byte) (c.billable() ? 1 : 0));
        out.string(c.wabaId());
        out.string(c.portfolioId());
        out.string(c.billingMonth());
        out.string(c.accountSource() == null ? null : c.accountSource().wireName());
        out.string(c.country());
        out.string(c.market());
        out.string(c.currency());
        out.put((byte) (c.amount() == null ? 0 : 1));
        if (c.amount() != null) {
            out.putLong(c.amount().unscaledValue().longValueExact());
        }
        out.string(c.rateCardVersion());
        out.string(c.tier());
        out.string(c.unpricedReason() == null ? null : c.unpricedReason().wireName());
    }

    private static Counter counter(CounterBytes.In in) {
        Counter.Kind kind = CounterBytes.named(Counter.Kind.values(), Counter.Kind::wireName, in.string());
        return new Counter(kind, in.string());
    }

    private static List<CountedItem> countedItems(CounterBytes.In in) {
        int count = in.varint();
        List<CountedItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(countedItem(in));
        }
        return items;
    }

    private static CountedItem countedItem(CounterBytes.In in) {
        byte kind = in.buffer.get();
        PricedItem item = switch (kind) {
            case CONVERSATION -> new PricedConversation(in.string(), in.string(), in.string(), category(in), in.buffer.getLong(),
                    in.buffer.getLong(), in.string(), charge(in));
            case MESSAGE -> {
                String chargeId = in.string();
                String eventId = in.string();
                String businessId = in.string();
                String customerId = in.string();
                long timestamp = in.buffer.getLong();
                MessageType type = CounterBytes.named(MessageType.values(), MessageType::wireName, in.string());
                Category category = category(in);
                String attributedTo = in.string();
                yield new PricedMessage(chargeId, eventId, businessId, customerId, timestamp, type, category, charge(in),
                        attributedTo);
            }
            default -> throw new IllegalStateException("unknown priced item kind " + kind);
        };
        return new CountedItem(item, counter(in), LocalDate.ofEpochDay(in.buffer.getLong()));
    }

    private static Category category(CounterBytes.In in) {
        return CounterBytes.named(Category.values(), Category::wireName, in.string());
    }

    private static Charge charge(CounterBytes.In in) {
        Era era = CounterBytes.named(Era.values(), Era::wireName, in.string());
        PricingModel model = CounterBytes.named(PricingModel.values(), PricingModel::wireName, in.string());
        PricingCategory category = CounterBytes.named(PricingCategory.values(), PricingCategory::wireName, in.string());
        PricingType type = CounterBytes.named(PricingType.values(), PricingType::wireName, in.string());
        PricingRule rule = CounterBytes.named(PricingRule.values(), PricingRule::id, in.string());
        boolean billable = in.buffer.get() != 0;
        String wabaId = in.string();
        String portfolioId = in.string();
        String billingMonth = in.string();
        AccountSource source = CounterBytes.named(AccountSource.values(), AccountSource::wireName, in.string());
        String country = in.string();
        String market = in.string();
        String currency = in.string();
        BigDecimal amount = in.buffer.get() == 0 ? null : BigDecimal.valueOf(in.buffer.getLong(), Charge.AMOUNT_SCALE);
        String rateCardVersion = in.string();
        String tier = in.string();
        UnpricedReason reason = CounterBytes.named(UnpricedReason.values(), UnpricedReason::wireName, in.string());
        return new Charge(era, model, category, type, rule, billable, wabaId, portfolioId, billingMonth, source, country,
                market, currency, amount, rateCardVersion, tier, reason);
    }
}
