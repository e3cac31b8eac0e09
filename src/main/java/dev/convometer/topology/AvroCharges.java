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
 * the voided record of an item share every field but the last, {@code voided_by}, in the same places, so each is
 * filled field by field in schema order from one place.
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
        record.put(0, c.chargeId());
        record.put(1, c.businessId());
        record.put(2, c.customerId());
        record.put(3, c.category().wireName());
        record.put(4, Instant.ofEpochMilli(c.openedAt()));
        record.put(5, Instant.ofEpochMilli(c.expiresAt()));
        record.put(6, c.openedBy());
        charge(record, 7, c.charge());
        return record;
    }

    private static <R extends SpecificRecordBase> R fill(R record, PricedMessage m) {
        record.put(0, m.chargeId());
        record.put(1, m.eventId());
        record.put(2, m.businessId());
        record.put(3, m.customerId());
        record.put(4, Instant.ofEpochMilli(m.timestamp()));
        record.put(5, m.messageType().wireName());
        record.put(6, m.category().wireName());
        record.put(charge(record, 7, m.charge()), m.attributedTo());
        return record;
    }

    /** The 7.8 common fields from {@code at}, in schema order; returns the position after them. */
    private static int charge(SpecificRecordBase record, int at, Charge c) {
        record.put(at, c.era().wireName());
        record.put(at + 1, c.pricingModel().wireName());
        record.put(at + 2, c.pricingCategory().wireName());
        record.put(at + 3, c.pricingType().wireName());
        record.put(at + 4, c.pricingRule().id());
        record.put(at + 5, c.billable());
        record.put(at + 6, c.wabaId());
        record.put(at + 7, c.portfolioId());
        record.put(at + 8, c.billingMonth());
        record.put(at + 9, c.accountSource().wireName());
        record.put(at + 10, c.country());
        record.put(at + 11, c.market());
        record.put(at + 12, c.currency());
        record.put(at + 13, c.amountText());
        record.put(at + 14, c.rateCardVersion());
        record.put(at + 15, c.tier());
        record.put(at + 16, c.unpricedReason() == null ? null : c.unpricedReason().wireName());
        return at + 17;
    }
}
