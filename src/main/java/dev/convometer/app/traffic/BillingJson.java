package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** The JSON Lines form of the outputs (SPEC section 5): instants as ISO-8601 UTC. */
public final class BillingJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();
    /** A priced line is about 650 characters: its builder never grows. */
    private static final int LINE = 1024;

    private BillingJson() {
    }

    public interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    public static String object(Fields fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String opened(ConversationOpened c) {
        return object(json -> conversation(json, c));
    }

    /** The conversation it cancels, field for field, then voided_by. */
    public static String voided(ConversationVoided v) {
        return object(json -> {
            conversation(json, ConversationOpened.newBuilder().setConversationId(v.getConversationId())
                    .setBusinessId(v.getBusinessId()).setCustomerId(v.getCustomerId()).setCategory(v.getCategory())
                    .setOpenedAt(v.getOpenedAt()).setExpiresAt(v.getExpiresAt()).setBillable(v.getBillable())
                    .setOpenedBy(v.getOpenedBy()).setRule(v.getRule()).build());
            json.writeStringField("voided_by", v.getVoidedBy());
        });
    }

    public static String rejected(SendRejected r) {
        return object(json -> rejection(json, r));
    }

    /** The rejection it cancels, field for field, then withdrawn_by. */
    public static String withdrawn(RejectionWithdrawn w) {
        return object(json -> {
            rejection(json, new SendRejected(w.getEventId(), w.getBusinessId(), w.getCustomerId(), w.getTimestamp(), w.getReason()));
            json.writeStringField("withdrawn_by", w.getWithdrawnBy());
        });
    }

    /**
     * Any output record, field by field in its schema's order: instants as ISO-8601 UTC with milliseconds, absent
     * values as null (the priced records of PRICING 7.8, as read back from their topics). The same line as
     * {@link #priced} gives for the item the record was made from.
     */
    public static String record(SpecificRecord record) {
        StringBuilder json = new StringBuilder(LINE).append('{');
        List<Schema.Field> fields = record.getSchema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(fields.get(i).name()).append("\":");
            Object value = record.get(i);
            if (value instanceof Instant instant) {
                instant(json, instant.toEpochMilli());
            } else if (value instanceof Boolean flag) {
                json.append(flag.booleanValue());
            } else {
                quoted(json, value == null ? null : value.toString());
            }
        }
        return json.append('}').toString();
    }

    /**
     * The line of a priced conversation or message (PRICING 7.8, 7.10), straight from the item: fields in the order of
     * its Avro schema, each name with its punctuation one constant, written into one builder (a generator per record,
     * or a record built first only to be written, cost a tenth of replay with pricing each, in profiles).
     */
    public static String priced(PricedItem item) {
        return pricedFields(new StringBuilder(LINE), item).append('}').toString();
    }

    /** The line of a voided priced record: the record it cancels, field for field, then voided_by. */
    public static String pricedVoided(VoidedPricedItem voided) {
        StringBuilder json = pricedFields(new StringBuilder(LINE), voided.item());
        return quoted(json.append(",\"voided_by\":"), voided.voidedBy()).append('}').toString();
    }

    private static StringBuilder pricedFields(StringBuilder json, PricedItem item) {
        if (item instanceof PricedConversation c) {
            quoted(json.append("{\"charge_id\":"), c.chargeId());
            quoted(json.append(",\"business_id\":"), c.businessId());
            quoted(json.append(",\"customer_id\":"), c.customerId());
            quoted(json.append(",\"category\":"), c.category().wireName());
            instant(json.append(",\"opened_at\":"), c.openedAt());
            instant(json.append(",\"expires_at\":"), c.expiresAt());
            quoted(json.append(",\"opened_by\":"), c.openedBy());
            return charge(json, c.charge());
        }
        PricedMessage m = (PricedMessage) item;
        quoted(json.append("{\"charge_id\":"), m.chargeId());
        quoted(json.append(",\"event_id\":"), m.eventId());
        quoted(json.append(",\"business_id\":"), m.businessId());
        quoted(json.append(",\"customer_id\":"), m.customerId());
        instant(json.append(",\"timestamp\":"), m.timestamp());
        quoted(json.append(",\"message_type\":"), m.messageType().wireName());
        quoted(json.append(",\"category\":"), m.category().wireName());
        return quoted(charge(json, m.charge()).append(",\"attributed_to\":"), m.attributedTo());
    }

    private static StringBuilder charge(StringBuilder json, Charge c) {
        quoted(json.append(",\"era\":"), c.era().wireName());
        quoted(json.append(",\"pricing_model\":"), c.pricingModel().wireName());
        quoted(json.append(",\"pricing_category\":"), c.pricingCategory().wireName());
        quoted(json.append(",\"pricing_type\":"), c.pricingType().wireName());
        quoted(json.append(",\"pricing_rule\":"), c.pricingRule().id());
        json.append(",\"billable\":").append(c.billable());
        quoted(json.append(",\"waba_id\":"), c.wabaId());
        quoted(json.append(",\"portfolio_id\":"), c.portfolioId());
        quoted(json.append(",\"billing_month\":"), c.billingMonth());
        quoted(json.append(",\"account_source\":"), c.accountSource().wireName());
        quoted(json.append(",\"country\":"), c.country());
        quoted(json.append(",\"market\":"), c.market());
        quoted(json.append(",\"currency\":"), c.currency());
        quoted(json.append(",\"amount\":"), c.amountText());
        quoted(json.append(",\"rate_card_version\":"), c.rateCardVersion());
        quoted(json.append(",\"tier\":"), c.tier());
        return quoted(json.append(",\"unpriced_reason\":"), c.unpricedReason() == null ? null : c.unpricedReason().wireName());
    }

    private static StringBuilder instant(StringBuilder json, long epochMs) {
        json.append('"');
        UtcTimestamps.appendInstant(json, epochMs);
        return json.append('"');
    }

    /** A string escaped as Jackson escapes it (most need no escape, and are copied as they are), or null. */
    private static StringBuilder quoted(StringBuilder json, String value) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        if (needsEscape(value)) {
            ESCAPES.quoteAsString(value, json);
        } else {
            json.append(value);
        }
        return json.append('"');
    }

    /** What JsonStringEncoder escapes: control characters, the quote and the backslash. */
    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static void conversation(JsonGenerator json, ConversationOpened c) throws IOException {
        json.writeStringField("conversation_id", c.getConversationId());
        json.writeStringField("business_id", c.getBusinessId());
        json.writeStringField("customer_id", c.getCustomerId());
        json.writeStringField("category", c.getCategory().name());
        json.writeStringField("opened_at", c.getOpenedAt().toString());
        json.writeStringField("expires_at", c.getExpiresAt().toString());
        json.writeBooleanField("billable", c.getBillable());
        json.writeStringField("opened_by", c.getOpenedBy());
        json.writeStringField("rule", c.getRule());
    }

    private static void rejection(JsonGenerator json, SendRejected r) throws IOException {
        json.writeStringField("event_id", r.getEventId());
        json.writeStringField("business_id", r.getBusinessId());
        json.writeStringField("customer_id", r.getCustomerId());
        json.writeStringField("timestamp", r.getTimestamp().toString());
        json.writeStringField("reason", r.getReason());
    }
}
