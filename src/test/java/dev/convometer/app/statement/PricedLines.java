package dev.convometer.app.statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Priced records for tests, as PRICING.md 7.8 writes them: a priced message with every field, changed field by field. */
public final class PricedLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PricedLines() {
    }

    /** A charged PMP_2025 utility message of {@code eventId} (WABA WA, 2025-09, USD, India), 0.001500. */
    public static Map<String, Object> message(String eventId) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("charge_id", "M/15550101/919810000001/1757498400000/" + eventId);
        record.put("event_id", eventId);
        record.put("business_id", "15550101");
        record.put("customer_id", "919810000001");
        record.put("timestamp", "2025-09-10T10:00:00.000Z");
        record.put("message_type", "template");
        record.put("category", "utility");
        record.put("era", "PMP_2025");
        record.put("pricing_model", "PMP");
        record.put("pricing_category", "utility");
        record.put("pricing_type", "regular");
        record.put("pricing_rule", "P-PMP-REGULAR");
        record.put("billable", true);
        record.put("waba_id", "WA");
        record.put("portfolio_id", "PA");
        record.put("billing_month", "2025-09");
        record.put("account_source", "record");
        record.put("country", "IN");
        record.put("market", "India");
        record.put("currency", "USD");
        record.put("amount", "0.001500");
        record.put("rate_card_version", "SAMPLE-2025-07");
        record.put("tier", "1:100000");
        record.put("attributed_to", null);
        record.put("unpriced_reason", null);
        return record;
    }

    /**
     * A charged CBP_2023 service conversation opened by {@code openedBy} (WABA WA, portfolio PA, 2023-07, USD, India),
     * 0.004000: in the CBP service counter, past its free tier.
     */
    public static Map<String, Object> conversation(String openedBy) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("charge_id", "C/15550101/919810000001/1689156000000/" + openedBy);
        record.put("business_id", "15550101");
        record.put("customer_id", "919810000001");
        record.put("category", "service");
        record.put("opened_at", "2023-07-12T10:00:00.000Z");
        record.put("expires_at", "2023-07-13T10:00:00.000Z");
        record.put("opened_by", openedBy);
        record.put("era", "CBP_2023");
        record.put("pricing_model", "CBP");
        record.put("pricing_category", "service");
        record.put("pricing_type", "regular");
        record.put("pricing_rule", "P-CBP-REGULAR");
        record.put("billable", true);
        record.put("waba_id", "WA");
        record.put("portfolio_id", "PA");
        record.put("billing_month", "2023-07");
        record.put("account_source", "record");
        record.put("country", "IN");
        record.put("market", "India");
        record.put("currency", "USD");
        record.put("amount", "0.004000");
        record.put("rate_card_version", "SAMPLE-2023-06");
        record.put("tier", null);
        record.put("unpriced_reason", null);
        return record;
    }

    /** {@code record} with {@code field} set to {@code value} (null included), the other fields as they were. */
    public static Map<String, Object> with(Map<String, Object> record, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(record);
        changed.put(field, value);
        return changed;
    }

    /** {@code record} without {@code field}. */
    public static Map<String, Object> without(Map<String, Object> record, String field) {
        Map<String, Object> changed = new LinkedHashMap<>(record);
        changed.remove(field);
        return changed;
    }

    /** {@code record} as a voided record: voided by {@code eventId}. */
    public static Map<String, Object> voided(Map<String, Object> record, String eventId) {
        return with(record, "voided_by", eventId);
    }

    /** {@code record} as one JSON line. */
    public static String line(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code records} to {@code file}, one JSON line each. */
    public static Path write(Path file, List<Map<String, Object>> records) {
        StringBuilder text = new StringBuilder();
        records.forEach(record -> text.append(line(record)).append('\n'));
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
