package dev.convometer.app.replay;

import dev.convometer.avro.PricedConversation;
import dev.convometer.avro.PricedMessage;
import dev.convometer.domain.pricing.PricedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a priced file in record order (PRICING 7.8: pricing instant, then business_id, customer_id, and opened_by or
 * event_id as UTF-8 bytes). Billing in O-ORDER emits priced records by pricing instant already (an item is priced when
 * the event at its instant is billed), but by kind and event_id within one instant, across pairs: so the records of
 * one instant are held and sorted, and written when a later instant comes. Memory holds one instant's records.
 */
final class RecordOrder {
    /** Where a priced record stands in record order. */
    record Key(long instant, String businessId, String customerId, String itemId) {
        static final Comparator<Key> ORDER = Comparator.comparingLong(Key::instant)
                .thenComparing(Key::businessId, PricedItem::compareUtf8)
                .thenComparing(Key::customerId, PricedItem::compareUtf8)
                .thenComparing(Key::itemId, PricedItem::compareUtf8);

        /** The key of an emitted priced record (voided ones are never sorted: only arrival order has them). */
        static Key of(SpecificRecord record) {
            if (record instanceof PricedConversation c) {
                return new Key(c.getOpenedAt().toEpochMilli(), c.getBusinessId(), c.getCustomerId(), c.getOpenedBy());
            }
            PricedMessage m = (PricedMessage) record;
            return new Key(m.getTimestamp().toEpochMilli(), m.getBusinessId(), m.getCustomerId(), m.getEventId());
        }
    }

    private record Line(Key key, String text) {
    }

    private final Writer out;
    private final List<Line> held = new ArrayList<>();

    RecordOrder(Writer out) {
        this.out = out;
    }

    void add(Key key, String text) throws IOException {
        if (!held.isEmpty() && key.instant() != held.get(0).key().instant()) {
            if (key.instant() < held.get(0).key().instant()) {
                throw new IllegalStateException("priced records out of instant order: " + key + " after " + held.get(0).key());
            }
            flush();
        }
        held.add(new Line(key, text));
    }

    /** Writes what is held; at the end, and whenever a later instant comes. */
    void flush() throws IOException {
        held.sort(Comparator.comparing(Line::key, Key.ORDER));
        for (Line line : held) {
            out.write(line.text());
            out.write('\n');
        }
        held.clear();
    }
}
