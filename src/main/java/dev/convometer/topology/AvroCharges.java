package dev.convometer.topology;

import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricedMessage;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Maps priced items (PRICING 7.8) to the records of the four priced topics. The emitted and the voided record of an
 * item share every field but {@code voided_by}, so each is filled by field name from one place.
 */
public final class AvroCharges {
    private AvroCharges() {
    }

    public static SpecificRecordBase emitted(PricedItem item) {
        return item instanceof PricedConversation conversation
                ? fill(new dev.convometer.avro.PricedConversation(), conversation)
                : fill(new dev.convometer.avro.PricedMessage(), (PricedMessage) item);
    }

    /** The record that cancels {@code item}'s: every field of it, plus the late event that changed it. */
    public static SpecificRecordBase voided(PricedItem item, String voidedBy) {
        SpecificRecordBase record = item instanceof PricedConversation conversation
                ? fill(new PricedConversationVoided(), conversation)
                : fill(new PricedMessageVoided(), (PricedMessage) item);
        record.put("voided_by", voidedBy);
        return record;
    }

    private static SpecificRecordBase fill(SpecificRecordBase record, PricedConversation c) {
        record.put("charge_id", c.chargeId());
        record.put("business_id", c.businessId());
        record.put("customer_id", c.customerId());
        record.put("category", c.category().wireName());
        record.put("opened_at", Instant.ofEpochMilli(c.openedAt()));
        record.put("expires_at", Instant.ofEpochMilli(c.expiresAt()));
        record.put("opened_by", c.openedBy());
        return charge(record, c.charge());
    }

    private static SpecificRecordBase fill(SpecificRecordBase record, PricedMessage m) {
        record.put("charge_id", m.chargeId());
        record.put("event_id", m.eventId());
        record.put("business_id", m.businessId());
        record.put("customer_id", m.customerId());
        record.put("timestamp", Instant.ofEpochMilli(m.timestamp()));
        record.put("message_type", m.messageType().wireName());
        record.put("category", m.category().wireName());
        record.put("attributed_to", m.attributedTo());
        return charge(record, m.charge());
    }

    private static SpecificRecordBase charge(SpecificRecordBase record, Charge c) {
        record.put("era", c.era().wireName());
        record.put("pricing_model", c.pricingModel().wireName());
        record.put("pricing_category", c.pricingCategory().wireName());
        record.put("pricing_type", c.pricingType().wireName());
        record.put("pricing_rule", c.pricingRule().id());
        record.put("billable", c.billable());
        record.put("waba_id", c.wabaId());
        record.put("portfolio_id", c.portfolioId());
        record.put("billing_month", c.billingMonth());
        record.put("account_source", c.accountSource().wireName());
        record.put("country", c.country());
        record.put("market", c.market());
        record.put("currency", c.currency());
        record.put("amount", c.amountText());
        record.put("rate_card_version", c.rateCardVersion());
        record.put("tier", c.tier());
        record.put("unpriced_reason", c.unpricedReason() == null ? null : c.unpricedReason().wireName());
        return record;
    }
}
