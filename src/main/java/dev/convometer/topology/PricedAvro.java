package dev.convometer.topology;

import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.io.IOException;
import org.apache.avro.io.Encoder;

/**
 * Writes priced items (PRICING 7.8) as the Avro binary of the four priced topics' records, field by field in the order
 * of their schemas ({@code schemas/Priced*.avsc}), without building the records: the priced sinks write one per billed
 * item, and a record filled by field name then walked by Avro's generic writer cost about four times as much. The
 * emitted and the voided record of an item share every field but {@code voided_by}, which comes last.
 */
final class PricedAvro {
    private PricedAvro() {
    }

    /** The record that cancels a conversation's: every field of it, plus the late event that changed it. */
    static void conversationVoided(VoidedPricedItem voided, Encoder out) throws IOException {
        conversation((PricedConversation) voided.item(), out);
        out.writeString(voided.voidedBy());
    }

    /** The record that cancels a message's: every field of it, plus the late event that changed it. */
    static void messageVoided(VoidedPricedItem voided, Encoder out) throws IOException {
        message((PricedMessage) voided.item(), out);
        out.writeString(voided.voidedBy());
    }

    static void conversation(PricedConversation c, Encoder out) throws IOException {
        out.writeString(c.chargeId());
        out.writeString(c.businessId());
        out.writeString(c.customerId());
        out.writeString(c.category().wireName());
        out.writeLong(c.openedAt());
        out.writeLong(c.expiresAt());
        out.writeString(c.openedBy());
        charge(c.charge(), out);
    }

    static void message(PricedMessage m, Encoder out) throws IOException {
        out.writeString(m.chargeId());
        out.writeString(m.eventId());
        out.writeString(m.businessId());
        out.writeString(m.customerId());
        out.writeLong(m.timestamp());
        out.writeString(m.messageType().wireName());
        out.writeString(m.category().wireName());
        charge(m.charge(), out);
        optional(m.attributedTo(), out);
    }

    private static void charge(Charge c, Encoder out) throws IOException {
        out.writeString(c.era().wireName());
        out.writeString(c.pricingModel().wireName());
        out.writeString(c.pricingCategory().wireName());
        out.writeString(c.pricingType().wireName());
        out.writeString(c.pricingRule().id());
        out.writeBoolean(c.billable());
        out.writeString(c.wabaId());
        out.writeString(c.portfolioId());
        out.writeString(c.billingMonth());
        out.writeString(c.accountSource().wireName());
        optional(c.country(), out);
        out.writeString(c.market());
        out.writeString(c.currency());
        optional(c.amountText(), out);
        optional(c.rateCardVersion(), out);
        optional(c.tier(), out);
        optional(c.unpricedReason() == null ? null : c.unpricedReason().wireName(), out);
    }

    /** A {@code ["null", "string"]} field: the union's branch, then the string if any. */
    private static void optional(String value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            out.writeString(value);
        }
    }
}
