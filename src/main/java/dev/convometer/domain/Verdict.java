package dev.convometer.domain;

/**
 * What one event did: the rule that decided it, the conversation it opened (or null) and whether WhatsApp refuses
 * the send (S-REJECT).
 */
public record Verdict(Rule rule, Conversation opened) {
    public boolean rejected() {
        return rule == Rule.S_REJECT;
    }
}
