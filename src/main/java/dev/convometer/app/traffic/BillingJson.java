package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
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
     * values as null (the priced records of PRICING 7.8). Written straight into a builder, strings escaped as Jackson
     * escapes them: a generator per record cost a tenth of replay with pricing (a profile).
     */
    public static String record(SpecificRecord record) {
        StringBuilder json = new StringBuilder(512).append('{');
        List<Schema.Field> fields = record.getSchema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(fields.get(i).name()).append("\":");
            Object value = record.get(i);
            if (value == null) {
                json.append("null");
            } else if (value instanceof Instant instant) {
                json.append('"');
                UtcTimestamps.appendInstant(json, instant.toEpochMilli());
                json.append('"');
            } else if (value instanceof Boolean flag) {
                json.append(flag.booleanValue());
            } else {
                json.append('"');
                ESCAPES.quoteAsString(value.toString(), json);
                json.append('"');
            }
        }
        return json.append('}').toString();
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
