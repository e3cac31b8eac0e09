package dev.convometer.domain.pricing;

/**
 * An item's place in record order (7.8) and P-ORDER: pricing instant, then business_id, customer_id, and opened_by or
 * event_id as unsigned UTF-8 bytes. Within one counter (one kind of item) it names its item.
 */
public record ItemKey(long instant, String businessId, String customerId, String itemId) implements Comparable<ItemKey> {
    @Override
    public int compareTo(ItemKey other) {
        int c = Long.compare(instant, other.instant);
        if (c == 0) {
            c = PricedItem.compareUtf8(businessId, other.businessId);
        }
        if (c == 0) {
            c = PricedItem.compareUtf8(customerId, other.customerId);
        }
        return c != 0 ? c : PricedItem.compareUtf8(itemId, other.itemId);
    }
}
