package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** The JSON Lines form of the outputs (SPEC section 5): instants as ISO-8601 UTC. */
public final class BillingJson {
    private static final JsonFactory FACTORY = new JsonFactory();

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
     * values as null (the priced records of PRICING 7.8).
     */
    public static String record(SpecificRecord record) {
        return object(json -> {
            for (Schema.Field field : record.getSchema().getFields()) {
                Object value = record.get(field.pos());
                json.writeFieldName(field.name());
                if (value == null) {
                    json.writeNull();
                } else if (value instanceof Instant instant) {
                    StringBuilder text = new StringBuilder(24);
                    UtcTimestamps.appendInstant(text, instant.toEpochMilli());
                    json.writeString(text.toString());
                } else if (value instanceof Boolean flag) {
                    json.writeBoolean(flag);
                } else {
                    json.writeString(value.toString());
                }
            }
        });
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
