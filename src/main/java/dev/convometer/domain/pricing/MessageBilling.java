package dev.convometer.domain.pricing;

import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.Rule;
import java.util.Objects;

/**
 * What pricing needs to know of how section 3 billed an applied business message (not a duplicate, not failed, not
 * rejected): the rule that decided it, the conversation it joined under S-TEMPLATE (null when it opened one or was
 * decided otherwise), and whether the customer service window was open just before it ({@code t < csw_until} after
 * every event before it in O-ORDER).
 */
public record MessageBilling(BusinessMessage message, Rule rule, JoinedConversation joined, boolean windowOpen) {
    public MessageBilling {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rule, "rule");
        if (message.status() == DeliveryStatus.FAILED) {
            throw new IllegalArgumentException("a failed message is never priced: " + message.eventId());
        }
        switch (rule) {
            case S_FEP_OPEN, S_FEP_JOIN, S_TEMPLATE, S_FREE_FORM -> { }
            default -> throw new IllegalArgumentException("rule " + rule.id() + " does not apply a business message");
        }
        if (joined != null && (rule != Rule.S_TEMPLATE || joined.category() != message.category())) {
            throw new IllegalArgumentException("only a template joins a conversation of its category under S-TEMPLATE");
        }
    }

    /** A message that joined no conversation of its category (it opened one, or another rule decided it). */
    public static MessageBilling of(BusinessMessage message, Rule rule, boolean windowOpen) {
        return new MessageBilling(message, rule, null, windowOpen);
    }
}
