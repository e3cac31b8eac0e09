package dev.convometer.topology;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.ConversationCategory;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.Rejection;
import java.time.Instant;

/** Maps the Avro contracts to the domain and back; reading an input applies the contract check (SPEC section 4). */
public final class AvroEvents {
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private AvroEvents() {
    }

    /** The domain event of an input record, or a {@link ContractViolation} saying what breaks the contract. */
    public static TrafficEvent toDomain(Object record) {
        if (record instanceof InboundMessage m) {
            return CustomerMessage.inbound(m.getEventId(), pair(m.getBusinessId(), m.getCustomerId()),
                    millis(m.getTimestamp()), m.getReferral() != null);
        }
        if (record instanceof AdClick a) {
            return CustomerMessage.adClick(a.getEventId(), pair(a.getBusinessId(), a.getCustomerId()), millis(a.getTimestamp()));
        }
        if (record instanceof OutboundSend s) {
            MessageType type = MessageType.fromWire(s.getMessageType() == null ? null : s.getMessageType().name());
            Category category = type == MessageType.TEMPLATE
                    ? Category.templateCategory(s.getCategory() == null ? null : s.getCategory().name())
                    : null;
            DeliveryStatus status = DeliveryStatus.fromWire(s.getStatus() == null ? null : s.getStatus().name());
            return new BusinessMessage(s.getEventId(), pair(s.getBusinessId(), s.getCustomerId()), millis(s.getTimestamp()),
                    type, category, status);
        }
        throw new ContractViolation("not an input event: " + (record == null ? "null" : record.getClass().getSimpleName()));
    }

    public static ConversationOpened opened(Conversation conversation) {
        return ConversationOpened.newBuilder()
                .setConversationId(conversation.id())
                .setBusinessId(conversation.pair().businessId())
                .setCustomerId(conversation.pair().customerId())
                .setCategory(ConversationCategory.valueOf(conversation.category().wireName()))
                .setOpenedAt(Instant.ofEpochMilli(conversation.openedAt()))
                .setExpiresAt(Instant.ofEpochMilli(conversation.expiresAt()))
                .setBillable(conversation.billable())
                .setOpenedBy(conversation.openedBy())
                .setRule(conversation.rule().id())
                .build();
    }

    /** Every field of the conversation-opened event it cancels, plus the late event that changed the history. */
    public static ConversationVoided voided(Conversation conversation, String voidedBy) {
        ConversationOpened opened = opened(conversation);
        return ConversationVoided.newBuilder()
                .setConversationId(opened.getConversationId())
                .setBusinessId(opened.getBusinessId())
                .setCustomerId(opened.getCustomerId())
                .setCategory(opened.getCategory())
                .setOpenedAt(opened.getOpenedAt())
                .setExpiresAt(opened.getExpiresAt())
                .setBillable(opened.getBillable())
                .setOpenedBy(opened.getOpenedBy())
                .setRule(opened.getRule())
                .setVoidedBy(voidedBy)
                .build();
    }

    public static SendRejected rejected(Rejection rejection) {
        return SendRejected.newBuilder()
                .setEventId(rejection.eventId())
                .setBusinessId(rejection.pair().businessId())
                .setCustomerId(rejection.pair().customerId())
                .setTimestamp(Instant.ofEpochMilli(rejection.timestamp()))
                .setReason(Rejection.WINDOW_CLOSED)
                .build();
    }

    /** Every field of the send-rejected event it cancels, plus the late event that changed the history. */
    public static RejectionWithdrawn withdrawn(Rejection rejection, String withdrawnBy) {
        SendRejected rejected = rejected(rejection);
        return RejectionWithdrawn.newBuilder()
                .setEventId(rejected.getEventId())
                .setBusinessId(rejected.getBusinessId())
                .setCustomerId(rejected.getCustomerId())
                .setTimestamp(rejected.getTimestamp())
                .setReason(rejected.getReason())
                .setWithdrawnBy(withdrawnBy)
                .build();
    }

    private static Pair pair(String businessId, String customerId) {
        return new Pair(businessId, customerId);
    }

    private static long millis(Instant timestamp) {
        if (timestamp == null) {
            throw new ContractViolation("missing required field timestamp");
        }
        if (timestamp.isBefore(Instant.EPOCH)) {
            // Kafka drops records with negative timestamps; say so instead of losing the event silently
            throw new ContractViolation("timestamp before 1970-01-01T00:00:00Z cannot be carried by Kafka: " + timestamp);
        }
        if (timestamp.isAfter(LATEST)) {
            // window ends are computed by adding days; keep them far from overflowing
            throw new ContractViolation("timestamp after 9999-12-31T23:59:59.999Z is out of range: " + timestamp);
        }
        return timestamp.toEpochMilli();
    }
}
