package dev.convometer.topology;

import java.util.Objects;

/** The topics the service reads and writes; the defaults are SPEC's names, each can be overridden. */
public record TopicNames(String inboundMessage, String adClick, String outboundSend,
                         String conversationOpened, String sendRejected, String deadLetter) {
    public static final TopicNames DEFAULTS = new TopicNames("inbound-message", "ad-click", "outbound-send",
            "conversation-opened", "send-rejected", "dead-letter");

    public TopicNames {
        Objects.requireNonNull(inboundMessage, "inbound-message topic");
        Objects.requireNonNull(adClick, "ad-click topic");
        Objects.requireNonNull(outboundSend, "outbound-send topic");
        Objects.requireNonNull(conversationOpened, "conversation-opened topic");
        Objects.requireNonNull(sendRejected, "send-rejected topic");
        Objects.requireNonNull(deadLetter, "dead-letter topic");
    }
}
