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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
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
    private static final byte ESCAPE = (byte) 0xFF;
    private static final byte END = 1;

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
        Out out = new Out();
        out.escaped(counterKey);
        return out.bytes();
    }

    /** Greater than every item key of the counter {@code counterKey}, less than any other counter's keys. */
    static byte[] counterHigh(String counterKey) {
        byte[] low = counterLow(counterKey);
        low[low.length - 1] = END + 1;
        return low;
    }

    static byte[] itemKey(Counter counter, ItemKey key) {
        Out out = new Out();
        out.escaped(counter.key());
        out.putLong(key.instant() ^ Long.MIN_VALUE);
        out.escaped(key.businessId());
        out.escaped(key.customerId());
        out.escaped(key.itemId());
        return out.bytes();
    }

    /** The item key of an item key's bytes whose counter prefix is {@code counterLength} bytes long. */
    static ItemKey itemKey(byte[] bytes, int counterLength) {
        In in = new In(bytes, counterLength);
        long instant = in.buffer.getLong() ^ Long.MIN_VALUE;
        return new ItemKey(instant, in.escaped(), in.escaped(), in.escaped());
    }

    // ---- values ----

    static byte[] encode(CounterDelta delta) {
        Out out = new Out();
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
        In in = In.versioned(bytes, "counter delta");
        Counter counter = in.counter();
        String causedBy = in.string();
        List<CountedItem> retracts = in.countedItems();
        List<CountedItem> adds = in.countedItems();
        in.end();
        return new CounterDelta(counter, retracts, adds, causedBy);
    }

    static byte[] encode(CountedEntry entry) {
        Out out = new Out();
        out.put(VERSION);
        counted(out, entry.item());
        out.put((byte) (entry.record() == null ? 0 : 1));
        if (entry.record() != null) {
            charge(out, entry.record().charge());
        }
        return out.bytes();
    }

    static CountedEntry decodeEntry(byte[] bytes) {
        In in = In.versioned(bytes, "counted entry");
        CountedItem item = in.countedItem();
        PricedItem record = in.buffer.get() == 0 ? null : item.item().withCharge(in.charge());
        in.end();
        return new CountedEntry(item, record);
    }

    static byte[] encode(CounterHead head) {
        Out out = new Out();
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
        In in = In.versioned(bytes, "counter head");
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

    private static void counter(Out out, Counter counter) {
        out.string(counter.kind().wireName());
        out.string(counter.key());
    }

    private static void counted(Out out, CountedItem counted) {
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

    private static void charge(Out out, Charge c) {
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

    /** The value of {@code values} whose wire name is {@code name}; null for null; a name this release does not know fails. */
    private static <E> E named(E[] values, Function<E, String> wireName, String name) {
        if (name == null) {
            return null;
        }
        for (E value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalStateException("unreadable counter state: unknown " + values[0].getClass().getSimpleName() + " '"
                + name + "' (written by a newer release?)");
    }

    /** A growing byte array. */
    private static final class Out {
        private byte[] bytes = new byte[256];
        private int length;

        void put(byte b) {
            room(1);
            bytes[length++] = b;
        }

        void putLong(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void varint(int value) {
            while ((value & ~0x7F) != 0) {
                put((byte) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            put((byte) value);
        }

        void string(String value) {
            if (value == null) {
                varint(0);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        /** UTF-8 with 0x00 escaped, then the terminator: order-preserving (see the class comment). */
        void escaped(String value) {
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                put(b);
                if (b == 0) {
                    put(ESCAPE);
                }
            }
            put((byte) 0);
            put(END);
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static final class In {
        final ByteBuffer buffer;

        In(byte[] bytes, int from) {
            buffer = ByteBuffer.wrap(bytes, from, bytes.length - from);
        }

        static In versioned(byte[] bytes, String what) {
            if (bytes.length == 0 || bytes[0] != VERSION) {
                throw new IllegalStateException("unreadable " + what + ": " + (bytes.length == 0 ? "empty" : "format version "
                        + bytes[0]) + " (this release reads version " + VERSION + ")");
            }
            return new In(bytes, 1);
        }

        int varint() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new IllegalStateException("bad varint");
                }
                byte b = buffer.get();
                value |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        String string() {
            int length = varint() - 1;
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalStateException("bad string length " + length);
            }
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }

        String escaped() {
            byte[] array = buffer.array();
            byte[] utf8 = new byte[buffer.remaining()];
            int length = 0;
            int at = buffer.position();
            while (true) {
                byte b = array[at++];
                if (b == 0) {
                    if (array[at++] == END) {
                        break;
                    }
                }
                utf8[length++] = b;
            }
            buffer.position(at);
            return new String(utf8, 0, length, StandardCharsets.UTF_8);
        }

        Counter counter() {
            Counter.Kind kind = named(Counter.Kind.values(), Counter.Kind::wireName, string());
            return new Counter(kind, string());
        }

        List<CountedItem> countedItems() {
            int count = varint();
            List<CountedItem> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(countedItem());
            }
            return items;
        }

        CountedItem countedItem() {
            byte kind = buffer.get();
            PricedItem item = switch (kind) {
                case CONVERSATION -> new PricedConversation(string(), string(), string(), category(), buffer.getLong(),
                        buffer.getLong(), string(), charge());
                case MESSAGE -> {
                    String chargeId = string();
                    String eventId = string();
                    String businessId = string();
                    String customerId = string();
                    long timestamp = buffer.getLong();
                    MessageType type = named(MessageType.values(), MessageType::wireName, string());
                    Category category = category();
                    String attributedTo = string();
                    yield new PricedMessage(chargeId, eventId, businessId, customerId, timestamp, type, category, charge(),
                            attributedTo);
                }
                default -> throw new IllegalStateException("unknown priced item kind " + kind);
            };
            return new CountedItem(item, counter(), LocalDate.ofEpochDay(buffer.getLong()));
        }

        private Category category() {
            return named(Category.values(), Category::wireName, string());
        }

        Charge charge() {
            Era era = named(Era.values(), Era::wireName, string());
            PricingModel model = named(PricingModel.values(), PricingModel::wireName, string());
            PricingCategory category = named(PricingCategory.values(), PricingCategory::wireName, string());
            PricingType type = named(PricingType.values(), PricingType::wireName, string());
            PricingRule rule = named(PricingRule.values(), PricingRule::id, string());
            boolean billable = buffer.get() != 0;
            String wabaId = string();
            String portfolioId = string();
            String billingMonth = string();
            AccountSource source = named(AccountSource.values(), AccountSource::wireName, string());
            String country = string();
            String market = string();
            String currency = string();
            BigDecimal amount = buffer.get() == 0 ? null : BigDecimal.valueOf(buffer.getLong(), Charge.AMOUNT_SCALE);
            String rateCardVersion = string();
            String tier = string();
            UnpricedReason reason = named(UnpricedReason.values(), UnpricedReason::wireName, string());
            return new Charge(era, model, category, type, rule, billable, wabaId, portfolioId, billingMonth, source, country,
                    market, currency, amount, rateCardVersion, tier, reason);
        }

        void end() {
            if (buffer.hasRemaining()) {
                throw new IllegalStateException(buffer.remaining() + " bytes after the value");
            }
        }
    }
}
