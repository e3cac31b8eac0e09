package dev.convometer.domain.pricing;

import dev.convometer.domain.Category;

/** A priced conversation (7.8): the conversation-opened fields, then the charge. Times are epoch ms. */
public record PricedConversation(String chargeId, String businessId, String customerId, Category category, long openedAt,
                                 long expiresAt, String openedBy, Charge charge) implements PricedItem {
    @Override
    public long pricingInstant() {
        return openedAt;
    }

    @Override
    public String itemId() {
        return openedBy;
    }

    @Override
    public PricedItem withCharge(Charge charge) {
        return new PricedConversation(chargeId, businessId, customerId, category, openedAt, expiresAt, openedBy, charge);
    }
}
