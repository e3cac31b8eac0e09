package dev.convometer.domain;

/** The status of a message the business sent: a template of some category, or a free-form message. */
public record BusinessMessage(String eventId, Pair pair, long timestamp, MessageType type, Category category,
                              DeliveryStatus status) implements TrafficEvent {
    public BusinessMessage {
        ContractViolation.requireNonEmpty(eventId, "event_id");
        if (type == null) {
            throw new ContractViolation("missing required field message_type");
        }
        if (type == MessageType.TEMPLATE && category == null) {
            throw new ContractViolation("template without category");
        }
        if (type == MessageType.FREE_FORM) {
            category = null; // ignored for free-form messages (SPEC section 2)
        }
        if (status == null) {
            status = DeliveryStatus.DELIVERED;
        }
    }

    @Override
    public EventKind kind() {
        return EventKind.OUTBOUND_SEND;
    }
}
