package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.convometer.avro.AdClick;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.Referral;
import dev.convometer.domain.Category;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.EventPosition;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.AvroEvents;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.avro.specific.SpecificRecord;

/**
 * One line of a traffic file (SPEC section 5) read into the Avro input record of its topic (what {@code publish} sends)
 * and into the domain event the topology makes of that record ({@link AvroEvents#toDomain}, which also applies the
 * contract check; what replay bills). A line that cannot be read or breaks the contract is a {@link ContractViolation}
 * with the reason.
 */
public record TrafficLine(SpecificRecord record, TrafficEvent event) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Built once: the mapper's own readTree resolves the JsonNode type again for every line. */
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class);
    private static final int[] NANOS_PER_DIGITS = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /** The record of a topology input and its domain event. */
    public TrafficLine(SpecificRecord record) {
        this(record, AvroEvents.toDomain(record));
    }

    public EventKind kind() {
        return event.kind();
    }

    public long timestamp() {
        return event.timestamp();
    }

    /** Its place in O-ORDER (SPEC section 1). */
    public EventPosition position() {
        return event.position();
    }

    public Pair pair() {
        return event.pair();
    }

    public static TrafficLine parse(String line) {
        JsonNode node;
        try {
            node = TREE.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ContractViolation("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ContractViolation("not a JSON object");
        }
        EventKind kind = EventKind.fromWire(optionalText(node, "type"));
        String eventId = requiredText(node, "event_id");
        String businessId = requiredText(node, "business_id");
        String customerId = requiredText(node, "customer_id");
        Instant timestamp = instant(node.get("timestamp"));
        SpecificRecord record = switch (kind) {
            case INBOUND_MESSAGE -> new InboundMessage(eventId, businessId, customerId, timestamp, referral(node.get("referral")));
            case AD_CLICK -> new AdClick(eventId, businessId, customerId, timestamp,
                    informational(node, "ad_id"), informational(node, "ctwa_clid"), informational(node, "source_type"));
            case OUTBOUND_SEND -> outboundSend(node, eventId, businessId, customerId, timestamp);
        };
        return new TrafficLine(record); // the same contract check the topology applies to records from Kafka
    }

    private static OutboundSend outboundSend(JsonNode node, String eventId, String businessId, String customerId, Instant timestamp) {
        String messageType = optionalText(node, "message_type");
        MessageType type = MessageType.fromWire(messageType);
        dev.convometer.avro.TemplateCategory category = null;
        if (type == MessageType.TEMPLATE) {
            String name = optionalText(node, "category");
            Category.templateCategory(name);
            category = dev.convometer.avro.TemplateCategory.valueOf(name);
        }
        String status = optionalText(node, "status");
        DeliveryStatus.fromWire(status);
        return new OutboundSend(eventId, businessId, customerId, timestamp,
                dev.convometer.avro.MessageType.valueOf(messageType), category,
                status == null ? null : dev.convometer.avro.DeliveryStatus.valueOf(status));
    }

    private static Referral referral(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ContractViolation("referral must be an object");
        }
        return new Referral(informational(node, "source_type"), informational(node, "source_id"), informational(node, "ctwa_clid"));
    }

    /** An ISO-8601 instant (offsets and fractions allowed) or a JSON integer of epoch milliseconds; nothing else. */
    static Instant instant(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ContractViolation("missing required field timestamp");
        }
        if (node.isNumber()) {
            return epochMillis(node);
        }
        if (node.isTextual()) {
            Instant utc = utcInstant(node.textValue());
            if (utc != null) {
                return utc;
            }
            try {
                return OffsetDateTime.parse(withJavaFraction(node.textValue()), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new ContractViolation("timestamp is not an ISO-8601 instant: '" + node.textValue() + "'");
            }
        }
        throw new ContractViolation("timestamp is not an instant: " + node);
    }

    /**
     * The common form {@code 2024-05-01T10:00:00Z} or {@code 2024-05-01T10:00:00.123Z} (1 to 9 fraction digits), read
     * without the general formatter (a quarter of the time of reading a line, in a profile); null for anything else,
     * or a field out of range, which {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} then reads or refuses. What this
     * accepts, the formatter accepts with the same instant.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            int fraction = text.charAt(19) == '.' ? digits(text, 20, fractionDigits) : -1;
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_PER_DIGITS[fractionDigits];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * ISO-8601 allows a comma as decimal sign and any number of fraction digits; {@code java.time} reads a point and at
     * most nine. Instants are taken at millisecond precision, truncated (SPEC 5), so digits past the ninth never count:
     * they are dropped here and the comma becomes a point. A decimal sign without a digit after it is not ISO-8601
     * (java.time would take "10:00:00.Z"). Anything else is returned as it is.
     */
    static String withJavaFraction(String text) {
        int separator = text.indexOf('T') + 9; // after "Thh:mm:ss"
        if (separator < 9 || separator >= text.length() || (text.charAt(separator) != '.' && text.charAt(separator) != ',')) {
            return text;
        }
        int end = separator + 1;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        if (end == separator + 1) {
            throw new DateTimeParseException("a decimal sign without digits", text, separator);
        }
        return text.substring(0, separator) + '.' + text.substring(separator + 1, Math.min(end, separator + 10)) + text.substring(end);
    }

    /** The number written by {@code count} ASCII digits from {@code from}; -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Epoch milliseconds, also when written as 1714521600000.0 or 1.7145216E12; a fraction of a millisecond is truncated,
     * as in an ISO-8601 instant (SPEC 5: instants are taken at millisecond precision).
     */
    private static Instant epochMillis(JsonNode node) {
        try {
            return Instant.ofEpochMilli(node.decimalValue().setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) { // NumberFormatException: 1e999 is read as an infinite double
            throw new ContractViolation("timestamp is out of the range of epoch milliseconds: " + node);
        }
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null) {
            throw new ContractViolation("missing required field " + field);
        }
        return value;
    }

    /** Fields billing does not read (ad and referral details): any scalar is kept as text. */
    private static String informational(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new ContractViolation(field + " must be a string, was " + value.getNodeType().name().toLowerCase());
        }
        return unicode(field, value.asText());
    }

    /** Null when absent or JSON null; a value of another JSON type breaks the contract. */
    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ContractViolation(field + " must be a string, was " + value.getNodeType().name().toLowerCase());
        }
        return unicode(field, value.textValue());
    }

    /**
     * {@code text}, when it is Unicode: a JSON escape such as {@code \ud800} can leave half of a surrogate pair, which
     * has no UTF-8 form, so it could be neither written to an output file nor sent as Avro (where it would become '?').
     */
    private static String unicode(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ContractViolation(String.format("%s is not Unicode: an unpaired surrogate \\u%04X at index %d", field, (int) c, i));
            }
        }
        return text;
    }
}
