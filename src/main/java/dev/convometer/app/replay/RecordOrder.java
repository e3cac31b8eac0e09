package dev.convometer.app.replay;

import dev.convometer.app.traffic.BillingJson;
import dev.convometer.domain.pricing.PricedItem;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a priced file in record order (PRICING 7.8: pricing instant, then business_id, customer_id, and opened_by or
 * event_id as UTF-8 bytes). Billing in O-ORDER emits priced records by pricing instant already (an item is priced when
 * the event at its instant is billed), but by kind and event_id within one instant, across pairs: so the items of one
 * instant are held and sorted, and written when a later instant comes. Memory holds one instant's items.
 */
final class RecordOrder {
    private final Writer out;
    private final List<PricedItem> held = new ArrayList<>();

    RecordOrder(Writer out) {
        this.out = out;
    }

    void add(PricedItem item) throws IOException {
        if (!held.isEmpty() && item.pricingInstant() != held.get(0).pricingInstant()) {
            if (item.pricingInstant() < held.get(0).pricingInstant()) {
                throw new IllegalStateException("priced records out of instant order: " + item.chargeId() + " after " + held.get(0).chargeId());
            }
            flush();
        }
        held.add(item);
    }

    /** Writes what is held; at the end, and whenever a later instant comes. */
    void flush() throws IOException {
        held.sort(PricedItem.RECORD_ORDER);
        for (PricedItem item : held) {
            out.write(BillingJson.priced(item));
            out.write('\n');
        }
        held.clear();
    }
}
