package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.PricedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a priced file in record order (PRICING 7.8: pricing instant, then business_id, customer_id, and opened_by or
 * event_id as UTF-8 bytes). Billing in O-ORDER emits priced records by pricing instant already (an item is priced when
 * the event at its instant is billed), but by kind and event_id within one instant, across pairs: so the items of one
 * instant are held and sorted, and written when a later instant comes. A counted item is ranked in its counter then,
 * in record order, which is P-ORDER (7.11). Memory holds one instant's items.
 */
final class RecordOrder {
    private static final Comparator<Object> ORDER = Comparator.comparing(RecordOrder::item, PricedItem.RECORD_ORDER);

    /** Null: the records are counted, not written (the file was not asked for). */
    private final Writer out;
    private final ReplayCounters counting;
    /** Priced items and counted items of one instant. */
    private final List<Object> held = new ArrayList<>();

    RecordOrder(Writer out, ReplayCounters counting) {
        this.out = out;
        this.counting = counting;
    }

    /** A priced item, or a counted item to rank. */
    void add(Object item) throws IOException {
        if (!held.isEmpty() && item(item).pricingInstant() != item(held.get(0)).pricingInstant()) {
            if (item(item).pricingInstant() < item(held.get(0)).pricingInstant()) {
                throw new IllegalStateException("priced records out of instant order: " + item(item).chargeId() + " after "
                        + item(held.get(0)).chargeId());
            }
            flush();
        }
        held.add(item);
    }

    /** Writes what is held; at the end, and whenever a later instant comes. */
    void flush() throws IOException {
        held.sort(ORDER);
        for (Object item : held) {
            PricedItem record = item instanceof CountedItem counted ? counting.next(counted) : (PricedItem) item;
            if (out != null) {
                out.write(BillingJson.priced(record));
                out.write('\n');
            }
        }
        held.clear();
    }

    private static PricedItem item(Object item) {
        return item instanceof CountedItem counted ? counted.item() : (PricedItem) item;
    }
}
