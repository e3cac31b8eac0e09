package dev.convometer.domain.pricing;

import java.util.Comparator;

/** A priced conversation or message, and the record order (7.8) that files and P-ORDER use. */
public sealed interface PricedItem extends Priced permits PricedConversation, PricedMessage {
    /**
     * Record order: pricing instant, then business_id, customer_id, and opened_by or event_id, strings as unsigned UTF-8
     * bytes. Total within one kind of record, which is all that files and counters ever sort.
     */
    Comparator<PricedItem> RECORD_ORDER = Comparator.comparingLong(PricedItem::pricingInstant)
            .thenComparing(PricedItem::businessId, PricedItem::compareUtf8)
            .thenComparing(PricedItem::customerId, PricedItem::compareUtf8)
            .thenComparing(PricedItem::itemId, PricedItem::compareUtf8);

    String chargeId();

    String businessId();

    String customerId();

    /** A conversation's opened_at or a message's timestamp, epoch ms. */
    long pricingInstant();

    /** A conversation's opened_by or a message's event_id. */
    String itemId();

    Charge charge();

    /** The same item with another charge: a counter's rank changes only the charge. */
    PricedItem withCharge(Charge charge);

    default ItemKey key() {
        return new ItemKey(pricingInstant(), businessId(), customerId(), itemId());
    }

    /** Unsigned UTF-8 byte order is code point order; String.compareTo (UTF-16 units) differs above U+FFFF. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
