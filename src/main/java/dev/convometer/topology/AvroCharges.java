package dev.convometer.topology;

import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Maps priced items (PRICING 7.8) to the records of the four priced topics, as their sinks write them. The emitted and
 * the voided record of an item share every field but {@code voided_by}, so each is filled by field name from one
 * place.
 */
final class AvroCharges {
    private AvroCharges() {
    }

    static dev.convometer.avro.PricedConversation conversation(PricedConversation item) {
        return fill(new dev.convometer.avro.PricedConversation(), item);
    }

    static dev.convometer.avro.PricedMessage message(PricedMessage item) {
        return fill(new dev.convometer.avro.PricedMessage(), item);
    }

    /** The record that cancels a conversation's: every field of it, plus the late event that changed it. */
    static PricedConversationVoided conversationVoided(VoidedPricedItem voided) {
        PricedConversationVoided record = fill(new PricedConversationVoided(), (PricedConversation) voided.item());
        record.setVoidedBy(voided.voidedBy());
        return record;
    }

    /** The record that cancels a message's: every field of it, plus the late event that changed it. */
    static PricedMessageVoided messageVoided(VoidedPricedItem voided) {
        PricedMessageVoided record = fill(new PricedMessageVoided(), (PricedMessage) voided.item());
        record.setVoidedBy(voided.voidedBy());
        return record;
    }

    private static <R extends SpecificRecordBase> R fill(R record, PricedConversation c) {
        record.put("charge_id", c.chargeId());
        record.put("business_id", c.businessId());
        record.put("customer_id", c.customerId());
        record.put("category", c.category().wireName());
        record.put("opened_at", Instant.ofEpochMilli(c.openedAt()));
        record.put("expires_at", Instant.ofEpochMilli(c.expiresAt()));
        record.put("opened_by", c.openedBy());
        return charge(record, c.charge());
    }

    private static <R extends SpecificRecordBase> R fill(R record, PricedMessage m) {
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

    private static <R extends SpecificRecordBase> R charge(R record, Charge c) {
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
