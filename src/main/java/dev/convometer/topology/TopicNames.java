package dev.convometer.topology;

import java.util.Objects;

/** The topics the service reads and writes; the defaults are SPEC's names, each can be overridden. */
public record TopicNames(String inboundMessage, String adClick, String outboundSend,
                         String conversationOpened, String sendRejected, String conversationVoided,
                         String rejectionWithdrawn, String deadLetter) {
    public static final TopicNames DEFAULTS = new TopicNames("inbound-message", "ad-click", "outbound-send",
            "conversation-opened", "send-rejected", "conversation-voided", "rejection-withdrawn", "dead-letter");

    public TopicNames {
        Objects.requireNonNull(inboundMessage, "inbound-message topic");
        Objects.requireNonNull(adClick, "ad-click topic");
        Objects.requireNonNull(outboundSend, "outbound-send topic");
        Objects.requireNonNull(conversationOpened, "conversation-opened topic");
        Objects.requireNonNull(sendRejected, "send-rejected topic");
        Objects.requireNonNull(conversationVoided, "conversation-voided topic");
        Objects.requireNonNull(rejectionWithdrawn, "rejection-withdrawn topic");
        Objects.requireNonNull(deadLetter, "dead-letter topic");
    }

    /** The inputs first, then the outputs and the dead letters: every topic the service needs created. */
    public java.util.List<String> all() {
        return java.util.List.of(inboundMessage, adClick, outboundSend, conversationOpened, sendRejected,
                conversationVoided, rejectionWithdrawn, deadLetter);
    }
}
