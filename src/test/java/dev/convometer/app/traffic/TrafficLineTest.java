package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.DeliveryStatus;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.EventKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON input contract of a traffic line (SPEC sections 2, 4 and 5). */
class TrafficLineTest {

    private static final String IDS = "\"event_id\":\"e-1\",\"business_id\":\"15550001\",\"customer_id\":\"447700900001\"";
    private static final long MAY_FIRST_10H = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    /** An inbound message with the given timestamp JSON (a literal, e.g. {@code "\"2024-...\""} or {@code 123}). */
    private static String inboundAt(String timestampJson) {
        return "{\"type\":\"inbound_message\"," + IDS + ",\"timestamp\":" + timestampJson + "}";
    }

    /** An outbound send at 10:00Z with extra fields appended (each starting with a comma). */
    private static String outbound(String extra) {
        return "{\"type\":\"outbound_send\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\"" + extra + "}";
    }

    private static ContractViolation violation(String line) {
        try {
            TrafficLine.parse(line);
        } catch (ContractViolation e) {
            return e;
        }
        throw new AssertionError("expected a contract violation for: " + line);
    }

    // ---- Timestamps ----

    @Test
    void shouldReadIsoInstantWithZ() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T10:00:00Z\""));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H);
        assertThat(((InboundMessage) line.record()).getTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void shouldReadIsoInstantWithFractionalSeconds() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T10:00:00.123Z\""));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H + 123);
    }

    @Test
    void shouldConvertOffsetToUtc() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T12:00:00+02:00\""));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H);
        assertThat(((InboundMessage) line.record()).getTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void shouldConvertNegativeOffsetToUtc() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T05:30:00.250-04:30\""));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H + 250);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00.1234567891Z", "2024-05-01T10:00:00.123999999999999Z", "2024-05-01T12:00:00.1239+02:00",
            "2024-05-01T10:00:00,123Z", "2024-05-01T10:00:00,1234567891234Z", "2024-05-01T12:00:00,123+02:00"})
    void shouldTruncateToMillisecondsWhenFractionHasMoreThanNineDigitsOrADecimalComma(String timestamp) {
        TrafficLine line = TrafficLine.parse(inboundAt("\"" + timestamp + "\""));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H + 123);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00.Z", "2024-05-01T10:00:00,Z", "2024-05-01T10:00:00..5Z", "2024-05-01T10:00:00.5.5Z"})
    void shouldRejectTimestampWhenFractionHasNoDigits(String timestamp) {
        assertThat(violation(inboundAt("\"" + timestamp + "\"")).getMessage()).contains("timestamp");
    }

    @Test
    void shouldReadJsonIntegerAsEpochMillis() {
        TrafficLine line = TrafficLine.parse(inboundAt(Long.toString(MAY_FIRST_10H + 7)));

        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H + 7);
        assertThat(((InboundMessage) line.record()).getTimestamp()).isEqualTo(Instant.ofEpochMilli(MAY_FIRST_10H + 7));
    }

    @Test
    void shouldRejectStringOfDigitsAsTimestamp() {
        assertThat(violation(inboundAt("\"" + MAY_FIRST_10H + "\"")).getMessage()).contains("timestamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2024-05-01T10:00:00\"", "\"2024-05-01\"", "\"\"", "true", "{}", "[]"})
    void shouldRejectTimestampThatIsNotAnInstant(String timestamp) {
        assertThat(violation(inboundAt(timestamp)).getMessage()).contains("timestamp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "-1e999"})
    void shouldRejectTimestampWhenNumberOverflowsADouble(String timestamp) {
        assertThat(violation(inboundAt(timestamp)).getMessage()).contains("timestamp is out of the range of epoch milliseconds");
    }

    @Test
    void shouldRejectMissingTimestamp() {
        String line = "{\"type\":\"inbound_message\"," + IDS + "}";

        assertThat(violation(line).getMessage()).contains("timestamp");
    }

    @Test
    void shouldRejectNullTimestamp() {
        assertThat(violation(inboundAt("null")).getMessage()).contains("timestamp");
    }

    // ---- OptionalFields ----

    @Test
    void shouldTreatNullReferralAsAbsent() {
        TrafficLine line = TrafficLine.parse("{\"type\":\"inbound_message\"," + IDS
                + ",\"timestamp\":\"2024-05-01T10:00:00Z\",\"referral\":null}");

        assertThat(line.kind()).isEqualTo(EventKind.INBOUND_MESSAGE);
        InboundMessage record = (InboundMessage) line.record();
        assertThat(record.getReferral()).isNull();
        assertThat(record.getEventId()).isEqualTo("e-1");
    }

    @Test
    void shouldTreatNullStatusAsAbsentSoDelivered() {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"free_form\",\"status\":null"));

        OutboundSend record = (OutboundSend) line.record();
        // absent status means delivered (SPEC section 2); the record carries no status
        assertThat(record.getStatus()).isNull();
        assertThat(dev.convometer.topology.AvroEvents.toDomain(record))
                .isInstanceOfSatisfying(dev.convometer.domain.BusinessMessage.class,
                        m -> assertThat(m.status()).isEqualTo(dev.convometer.domain.DeliveryStatus.DELIVERED));
    }

    @Test
    void shouldAcceptNullCategoryOnFreeForm() {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"free_form\",\"category\":null"));

        OutboundSend record = (OutboundSend) line.record();
        assertThat(record.getMessageType()).isEqualTo(MessageType.free_form);
        assertThat(record.getCategory()).isNull();
    }

    @Test
    void shouldIgnoreCategoryOnFreeForm() {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"free_form\",\"category\":\"utility\""));

        assertThat(((OutboundSend) line.record()).getMessageType()).isEqualTo(MessageType.free_form);
    }

    @Test
    void shouldIgnoreUnknownExtraFields() {
        TrafficLine line = TrafficLine.parse(outbound(
                ",\"message_type\":\"template\",\"category\":\"marketing\",\"price\":0.05,\"meta\":{\"x\":[1,2]},\"note\":null"));

        OutboundSend record = (OutboundSend) line.record();
        assertThat(line.kind()).isEqualTo(EventKind.OUTBOUND_SEND);
        assertThat(record.getMessageType()).isEqualTo(MessageType.template);
        assertThat(record.getCategory()).isEqualTo(TemplateCategory.marketing);
    }

    // ---- Records ----

    @Test
    void shouldReadTemplateWithCategoryAndStatus() {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"template\",\"category\":\"authentication\",\"status\":\"failed\""));

        assertThat(line.kind()).isEqualTo(EventKind.OUTBOUND_SEND);
        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H);
        OutboundSend record = (OutboundSend) line.record();
        assertThat(record.getEventId()).isEqualTo("e-1");
        assertThat(record.getBusinessId()).isEqualTo("15550001");
        assertThat(record.getCustomerId()).isEqualTo("447700900001");
        assertThat(record.getTimestamp()).isEqualTo(Instant.ofEpochMilli(MAY_FIRST_10H));
        assertThat(record.getMessageType()).isEqualTo(MessageType.template);
        assertThat(record.getCategory()).isEqualTo(TemplateCategory.authentication);
        assertThat(record.getStatus()).isEqualTo(DeliveryStatus.failed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sent", "delivered", "read", "failed"})
    void shouldAcceptEveryStatus(String status) {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"free_form\",\"status\":\"" + status + "\""));

        assertThat(((OutboundSend) line.record()).getStatus()).isEqualTo(DeliveryStatus.valueOf(status));
    }

    @ParameterizedTest
    @ValueSource(strings = {"marketing", "utility", "authentication"})
    void shouldAcceptEveryTemplateCategory(String category) {
        TrafficLine line = TrafficLine.parse(outbound(",\"message_type\":\"template\",\"category\":\"" + category + "\""));

        assertThat(((OutboundSend) line.record()).getCategory()).isEqualTo(TemplateCategory.valueOf(category));
    }

    @Test
    void shouldCarryReferralOfInboundMessage() {
        TrafficLine line = TrafficLine.parse("{\"type\":\"inbound_message\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\","
                + "\"referral\":{\"source_type\":\"ad\",\"source_id\":\"ad-77\",\"ctwa_clid\":\"clid-9\"}}");

        assertThat(line.kind()).isEqualTo(EventKind.INBOUND_MESSAGE);
        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H);
        assertThat(line.record()).isInstanceOf(InboundMessage.class);
        InboundMessage record = (InboundMessage) line.record();
        assertThat(record.getReferral()).isNotNull();
        assertThat(record.getReferral().getSourceType()).isEqualTo("ad");
        assertThat(record.getReferral().getSourceId()).isEqualTo("ad-77");
        assertThat(record.getReferral().getCtwaClid()).isEqualTo("clid-9");
        assertThat(dev.convometer.topology.AvroEvents.toDomain(record))
                .isInstanceOfSatisfying(dev.convometer.domain.CustomerMessage.class,
                        m -> assertThat(m.entryPoint()).isTrue());
    }

    @Test
    void shouldNotMakeEntryPointOfInboundWithoutReferral() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T10:00:00Z\""));

        assertThat(((InboundMessage) line.record()).getReferral()).isNull();
        assertThat(dev.convometer.topology.AvroEvents.toDomain(line.record()))
                .isInstanceOfSatisfying(dev.convometer.domain.CustomerMessage.class,
                        m -> assertThat(m.entryPoint()).isFalse());
    }

    @Test
    void shouldCarryAdClickFields() {
        TrafficLine line = TrafficLine.parse("{\"type\":\"ad_click\"," + IDS + ",\"timestamp\":" + MAY_FIRST_10H
                + ",\"ad_id\":\"ad-1\",\"ctwa_clid\":\"clid-1\",\"source_type\":\"post\"}");

        assertThat(line.kind()).isEqualTo(EventKind.AD_CLICK);
        assertThat(line.timestamp()).isEqualTo(MAY_FIRST_10H);
        AdClick record = (AdClick) line.record();
        assertThat(record.getEventId()).isEqualTo("e-1");
        assertThat(record.getBusinessId()).isEqualTo("15550001");
        assertThat(record.getCustomerId()).isEqualTo("447700900001");
        assertThat(record.getTimestamp()).isEqualTo(Instant.ofEpochMilli(MAY_FIRST_10H));
        assertThat(record.getAdId()).isEqualTo("ad-1");
        assertThat(record.getCtwaClid()).isEqualTo("clid-1");
        assertThat(record.getSourceType()).isEqualTo("post");
    }

    @Test
    void shouldAcceptAdClickWithoutOptionalFields() {
        TrafficLine line = TrafficLine.parse("{\"type\":\"ad_click\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\",\"ad_id\":null}");

        AdClick record = (AdClick) line.record();
        assertThat(record.getAdId()).isNull();
        assertThat(record.getCtwaClid()).isNull();
        assertThat(record.getSourceType()).isNull();
    }

    // ---- Violations ----

    @ParameterizedTest
    @ValueSource(strings = {"inbound", "Inbound_Message", "OUTBOUND_SEND", "click", ""})
    void shouldRejectUnknownType(String type) {
        String line = "{\"type\":\"" + type + "\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\"}";

        assertThat(violation(line).getMessage()).contains("type").contains("'" + type + "'");
    }

    @Test
    void shouldRejectMissingType() {
        String line = "{" + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\"}";

        assertThat(violation(line).getMessage()).contains("type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Template", "TEMPLATE", "freeform", "free-form", "UNKNOWN", "session"})
    void shouldRejectUnknownMessageType(String messageType) {
        String line = outbound(",\"message_type\":\"" + messageType + "\",\"category\":\"utility\"");

        assertThat(violation(line).getMessage()).contains("message_type").contains(messageType);
    }

    @Test
    void shouldRejectMissingMessageType() {
        assertThat(violation(outbound("")).getMessage()).contains("message_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Delivered", "READ", "pending", "UNKNOWN"})
    void shouldRejectUnknownStatus(String status) {
        String line = outbound(",\"message_type\":\"free_form\",\"status\":\"" + status + "\"");

        assertThat(violation(line).getMessage()).contains("status").contains(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MARKETING", "Utility", "service", "free_entry_point", "UNKNOWN", ""})
    void shouldRejectUnknownTemplateCategory(String category) {
        String line = outbound(",\"message_type\":\"template\",\"category\":\"" + category + "\"");

        assertThat(violation(line).getMessage()).contains("category").contains("'" + category + "'");
    }

    @Test
    void shouldRejectTemplateWithoutCategory() {
        assertThat(violation(outbound(",\"message_type\":\"template\"")).getMessage()).contains("category");
    }

    @Test
    void shouldRejectTemplateWithNullCategory() {
        assertThat(violation(outbound(",\"message_type\":\"template\",\"category\":null")).getMessage()).contains("category");
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectMissingRequiredId(String field) {
        String line = inboundAt("\"2024-05-01T10:00:00Z\"").replaceFirst("\"" + field + "\":\"[^\"]*\",?", "");

        assertThat(line).doesNotContain(field);
        assertThat(violation(line).getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectNullRequiredId(String field) {
        String line = inboundAt("\"2024-05-01T10:00:00Z\"").replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":null");

        assertThat(violation(line).getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectEmptyRequiredId(String field) {
        String line = inboundAt("\"2024-05-01T10:00:00Z\"").replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"\"");

        assertThat(line).contains("\"" + field + "\":\"\"");
        assertThat(violation(line).getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectEmptyRequiredIdOnOutboundSend(String field) {
        String line = outbound(",\"message_type\":\"free_form\"").replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"\"");

        assertThat(violation(line).getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectEmptyRequiredIdOnAdClick(String field) {
        String line = ("{\"type\":\"ad_click\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\"}")
                .replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"\"");

        assertThat(violation(line).getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not json", "{\"type\":\"inbound_message\",", "{'type':'ad_click'}", "{\"type\" \"x\"}"})
    void shouldRejectLineThatIsNotJson(String line) {
        assertThat(violation(line).getMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + "{\"type\":\"ad_click\",\"event_id\":\"e\",\"business_id\":\"b\",\"customer_id\":\"c\",\"timestamp\":0}" + "]",
            "42", "\"text\"", "null", "true"})
    void shouldRejectJsonThatIsNotAnObject(String line) {
        assertThat(violation(line).getMessage()).contains("object");
    }

    @ParameterizedTest
    @ValueSource(strings = {" garbage", "}", " {}", ",", " 42"})
    void shouldRejectTrailingGarbageAfterObject(String trailing) {
        String valid = inboundAt("\"2024-05-01T10:00:00Z\"");
        TrafficLine.parse(valid); // valid without the trailing text

        assertThat(violation(valid + trailing).getMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "business_id", "customer_id"})
    void shouldRejectRequiredIdWithAnUnpairedSurrogate(String field) {
        for (String id : new String[] {"o\\ud800", "\\udc00o", "\\ud800\\ud800x", "a\\ude00\\ud83d"}) {
            String line = "{\"type\":\"inbound_message\"," + IDS.replace("\"" + field + "\":\"", "\"" + field + "\":\"" + id)
                    + ",\"timestamp\":\"2024-05-01T10:00:00Z\"}";

            assertThat(violation(line).getMessage()).as(id).startsWith(field + " is not Unicode: an unpaired surrogate");
        }
    }

    @Test
    void shouldRejectInformationalFieldWithAnUnpairedSurrogate() {
        String line = "{\"type\":\"ad_click\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\",\"ad_id\":\"ad\\ud800\"}";

        assertThat(violation(line).getMessage()).isEqualTo("ad_id is not Unicode: an unpaired surrogate \\uD800 at index 2");
    }

    @Test
    void shouldAcceptIdWithASurrogatePair() {
        TrafficLine line = TrafficLine.parse(inboundAt("\"2024-05-01T10:00:00Z\"").replace("\"e-1\"", "\"e\\ud83d\\ude00\""));

        assertThat(line.event().eventId()).isEqualTo("e\uD83D\uDE00");
    }

    @Test
    void shouldRejectReferralThatIsNotAnObject() {
        String line = "{\"type\":\"inbound_message\"," + IDS + ",\"timestamp\":\"2024-05-01T10:00:00Z\",\"referral\":\"ad\"}";

        assertThat(violation(line).getMessage()).contains("referral");
    }

    @Test
    void shouldRejectRequiredIdOfWrongJsonType() {
        String line = inboundAt("\"2024-05-01T10:00:00Z\"").replace("\"event_id\":\"e-1\"", "\"event_id\":{\"id\":1}");

        assertThat(violation(line).getMessage()).contains("event_id");
    }

    @Test
    void shouldThrowContractViolationNotOtherExceptions() {
        assertThatThrownBy(() -> TrafficLine.parse(outbound(",\"message_type\":\"template\",\"category\":\"Template\"")))
                .isExactlyInstanceOf(ContractViolation.class)
                .hasMessageContaining("category");
    }

    @Test
    void shouldReadEpochMillisWhenWrittenAsWholeDecimalNumber() {
        for (String millis : new String[] {"1714521600000.0", "1.7145216E12"}) {
            TrafficLine line = TrafficLine.parse("{\"type\":\"inbound_message\"," + IDS + ",\"timestamp\":" + millis + "}");
            assertThat(line.timestamp()).isEqualTo(1714521600000L);
        }
    }

    @Test
    void shouldTruncateEpochMillisWhenTheNumberHasAFractionOfAMillisecond() {
        assertThat(TrafficLine.parse(inboundAt(MAY_FIRST_10H + ".999")).timestamp()).isEqualTo(MAY_FIRST_10H);
        assertThat(TrafficLine.parse(inboundAt("1.7145216000005E12")).timestamp()).isEqualTo(1_714_521_600_000L);
    }
}
