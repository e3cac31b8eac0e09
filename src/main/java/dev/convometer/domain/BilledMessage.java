package dev.convometer.domain;

import java.util.Objects;

/**
 * What billing decided of a business message it applied and did not refuse (neither S-FAILED nor S-REJECT): the
 * facts pricing a message needs (PRICING 7.7). Equal only when every field is, so a correction that changes one of
 * them removes the old facts and adds the new ones.
 *
 * @param message          the status D-DEDUP kept
 * @param rule             S-FEP-OPEN, S-FEP-JOIN, S-TEMPLATE or S-FREE-FORM
 * @param windowOpenBefore whether the customer service window was open at the message's time after every event
 *                         before it in O-ORDER ({@code t < csw_until})
 * @param joined           for S-TEMPLATE, the open conversation of the template's category that the message joined;
 *                         null when the message opened one ({@link Verdict#opened()}) and for every other rule. Its
 *                         {@code openedBy} is null when the conversation was open across the upgrade to a release
 *                         that stores openers (nothing knows it)
 */
public record BilledMessage(BusinessMessage message, Rule rule, boolean windowOpenBefore, Conversation joined) {
    public BilledMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(rule, "rule");
        if (message.status() == DeliveryStatus.FAILED) {
            throw new IllegalArgumentException("a failed message is never billed: " + message.eventId());
        }
        switch (rule) {
            case S_FEP_OPEN, S_FEP_JOIN, S_TEMPLATE, S_FREE_FORM -> { }
            default -> throw new IllegalArgumentException("rule " + rule.id() + " does not bill a business message");
        }
        if (joined != null && (rule != Rule.S_TEMPLATE || joined.category() != message.category())) {
            throw new IllegalArgumentException("only a template joins a conversation of its category under S-TEMPLATE");
        }
    }
}
