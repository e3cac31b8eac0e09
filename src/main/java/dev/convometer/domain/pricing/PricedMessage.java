package dev.convometer.domain.pricing;

import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;

/**
 * A priced business message (7.8). {@code category} is the template's, or {@code service} for a free-form message;
 * {@code attributedTo} is the charge_id of the CBP conversation that paid for it (P-PMP-SPAN), else null.
 */
public record PricedMessage(String chargeId, String eventId, String businessId, String customerId, long timestamp,
                            MessageType messageType, Category category, Charge charge, String attributedTo)
        implements PricedItem {
    @Override
    public long pricingInstant() {
        return timestamp;
    }

    @Override
    public String itemId() {
        return eventId;
    }

    @Override
    public PricedItem withCharge(Charge charge) {
        return new PricedMessage(chargeId, eventId, businessId, customerId, timestamp, messageType, category, charge, attributedTo);
    }
}
