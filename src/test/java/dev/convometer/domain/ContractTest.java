package dev.convometer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The event contracts of SPEC sections 2 and 4: what breaks them is a {@link ContractViolation} naming the field. */
class ContractTest {

    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final long T = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    // ------------------------------------------------------------------ required identifiers

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectMissingOrEmptyBusinessId(String businessId) {
        assertThatThrownBy(() -> new Pair(businessId, "447700900001"))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("business_id");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectMissingOrEmptyCustomerId(String customerId) {
        assertThatThrownBy(() -> new Pair("15550001", customerId))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("customer_id");
    }

    @Test
    void shouldSayWhetherIdentifierWasMissingOrEmpty() {
        assertThatThrownBy(() -> new Pair(null, "447700900001")).hasMessageContaining("missing");
        assertThatThrownBy(() -> new Pair("", "447700900001")).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectInboundMessageWithoutEventId(String eventId) {
        assertThatThrownBy(() -> CustomerMessage.inbound(eventId, PAIR, T, false))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("event_id");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectAdClickWithoutEventId(String eventId) {
        assertThatThrownBy(() -> CustomerMessage.adClick(eventId, PAIR, T))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("event_id");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldRejectBusinessMessageWithoutEventId(String eventId) {
        assertThatThrownBy(() -> new BusinessMessage(eventId, PAIR, T, MessageType.TEMPLATE, Category.UTILITY, null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("event_id");
    }

    @Test
    void shouldRejectBusinessMessageWithoutMessageType() {
        assertThatThrownBy(() -> new BusinessMessage("out-1", PAIR, T, null, Category.UTILITY, null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("message_type");
    }

    @Test
    void shouldNotAcceptOutboundSendAsCustomerMessage() {
        assertThatThrownBy(() -> new CustomerMessage(EventKind.OUTBOUND_SEND, "out-1", PAIR, T, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ template category

    @Test
    void shouldRejectTemplateWithoutCategory() {
        assertThatThrownBy(() -> new BusinessMessage("out-1", PAIR, T, MessageType.TEMPLATE, null, null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("category");
    }

    @Test
    void shouldRejectAbsentTemplateCategoryOnTheWire() {
        assertThatThrownBy(() -> Category.templateCategory(null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("category");
    }

    @ParameterizedTest
    @ValueSource(strings = {"service", "free_entry_point", "Marketing", "UTILITY", "auth", "", " marketing"})
    void shouldRejectUnknownTemplateCategory(String name) {
        assertThatThrownBy(() -> Category.templateCategory(name))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("category")
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void shouldReadEveryTemplateCategory() {
        assertThat(Category.templateCategory("marketing")).isEqualTo(Category.MARKETING);
        assertThat(Category.templateCategory("utility")).isEqualTo(Category.UTILITY);
        assertThat(Category.templateCategory("authentication")).isEqualTo(Category.AUTHENTICATION);
    }

    @Test
    void shouldWriteCategoriesInLowerCase() {
        assertThat(Category.MARKETING.wireName()).isEqualTo("marketing");
        assertThat(Category.UTILITY.wireName()).isEqualTo("utility");
        assertThat(Category.AUTHENTICATION.wireName()).isEqualTo("authentication");
        assertThat(Category.SERVICE.wireName()).isEqualTo("service");
        assertThat(Category.FREE_ENTRY_POINT.wireName()).isEqualTo("free_entry_point");
    }

    @Test
    void shouldIgnoreCategoryOfFreeFormMessage() {
        BusinessMessage message = new BusinessMessage("out-1", PAIR, T, MessageType.FREE_FORM, Category.MARKETING,
                null);

        assertThat(message.category()).isNull();
        assertThat(message.type()).isEqualTo(MessageType.FREE_FORM);
    }

    @Test
    void shouldAcceptFreeFormWithoutCategory() {
        BusinessMessage message = new BusinessMessage("out-1", PAIR, T, MessageType.FREE_FORM, null, null);

        assertThat(message.category()).isNull();
        assertThat(message.kind()).isEqualTo(EventKind.OUTBOUND_SEND);
    }

    // ------------------------------------------------------------------ message_type

    @Test
    void shouldReadEveryMessageType() {
        assertThat(MessageType.fromWire("template")).isEqualTo(MessageType.TEMPLATE);
        assertThat(MessageType.fromWire("free_form")).isEqualTo(MessageType.FREE_FORM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Template", "FREE_FORM", "freeform", "free-form", "interactive", ""})
    void shouldRejectUnknownMessageType(String name) {
        assertThatThrownBy(() -> MessageType.fromWire(name))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("message_type")
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void shouldRejectMissingMessageType() {
        assertThatThrownBy(() -> MessageType.fromWire(null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("message_type");
    }

    // ------------------------------------------------------------------ status

    @Test
    void shouldReadEveryStatus() {
        assertThat(DeliveryStatus.fromWire("sent")).isEqualTo(DeliveryStatus.SENT);
        assertThat(DeliveryStatus.fromWire("delivered")).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(DeliveryStatus.fromWire("read")).isEqualTo(DeliveryStatus.READ);
        assertThat(DeliveryStatus.fromWire("failed")).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void shouldTreatAbsentStatusOnTheWireAsDelivered() {
        assertThat(DeliveryStatus.fromWire(null)).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void shouldTreatAbsentStatusOfBusinessMessageAsDelivered() {
        BusinessMessage message = new BusinessMessage("out-1", PAIR, T, MessageType.TEMPLATE, Category.UTILITY, null);

        assertThat(message.status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void shouldKeepGivenStatusOfBusinessMessage() {
        BusinessMessage message = new BusinessMessage("out-1", PAIR, T, MessageType.TEMPLATE, Category.UTILITY,
                DeliveryStatus.FAILED);

        assertThat(message.status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Failed", "DELIVERED", "bounced", "undelivered", ""})
    void shouldRejectUnknownStatus(String name) {
        assertThatThrownBy(() -> DeliveryStatus.fromWire(name))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("status")
                .hasMessageContaining("'" + name + "'");
    }

    // ------------------------------------------------------------------ type

    @Test
    void shouldReadEveryEventType() {
        assertThat(EventKind.fromWire("inbound_message")).isEqualTo(EventKind.INBOUND_MESSAGE);
        assertThat(EventKind.fromWire("ad_click")).isEqualTo(EventKind.AD_CLICK);
        assertThat(EventKind.fromWire("outbound_send")).isEqualTo(EventKind.OUTBOUND_SEND);
        assertThat(EventKind.OUTBOUND_SEND.wireName()).isEqualTo("outbound_send");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ad_Click", "INBOUND_MESSAGE", "outbound", "inbound-message", "ad-click", ""})
    void shouldRejectUnknownEventType(String name) {
        assertThatThrownBy(() -> EventKind.fromWire(name))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("type")
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void shouldRejectMissingEventType() {
        assertThatThrownBy(() -> EventKind.fromWire(null))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("type");
    }

    // ------------------------------------------------------------------ what the factories build

    @Test
    void shouldBuildPlainInboundAsNonEntryPoint() {
        CustomerMessage message = CustomerMessage.inbound("in-1", PAIR, T, false);

        assertThat(message.kind()).isEqualTo(EventKind.INBOUND_MESSAGE);
        assertThat(message.entryPoint()).isFalse();
        assertThat(message.eventId()).isEqualTo("in-1");
        assertThat(message.pair()).isEqualTo(PAIR);
        assertThat(message.timestamp()).isEqualTo(T);
    }

    @Test
    void shouldBuildInboundWithReferralAsEntryPoint() {
        CustomerMessage message = CustomerMessage.inbound("in-1", PAIR, T, true);

        assertThat(message.kind()).isEqualTo(EventKind.INBOUND_MESSAGE);
        assertThat(message.entryPoint()).isTrue();
    }

    @Test
    void shouldBuildAdClickAsEntryPoint() {
        CustomerMessage message = CustomerMessage.adClick("ad-1", PAIR, T);

        assertThat(message.kind()).isEqualTo(EventKind.AD_CLICK);
        assertThat(message.entryPoint()).isTrue();
    }

    @Test
    void shouldBeAnIllegalArgumentSoCallersCanCatchEitherType() {
        assertThat(new ContractViolation("x")).isInstanceOf(IllegalArgumentException.class).hasMessage("x");
    }
}
