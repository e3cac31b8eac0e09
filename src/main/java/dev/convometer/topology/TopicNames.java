package dev.convometer.topology;

import java.util.List;
import java.util.Objects;

/** The topics the service reads and writes; the defaults are SPEC's names, each can be overridden. */
public record TopicNames(String inboundMessage, String adClick, String outboundSend,
                         String conversationOpened, String sendRejected, String conversationVoided,
                         String rejectionWithdrawn, String deadLetter, String businessAccounts, String pricedConversation,
                         String pricedMessage, String pricedConversationVoided, String pricedMessageVoided) {
    public static final TopicNames DEFAULTS = new TopicNames("inbound-message", "ad-click", "outbound-send",
            "conversation-opened", "send-rejected", "conversation-voided", "rejection-withdrawn", "dead-letter",
            "business-accounts", "priced-conversation", "priced-message", "priced-conversation-voided", "priced-message-voided");

    public TopicNames {
        Objects.requireNonNull(inboundMessage, "inbound-message topic");
        Objects.requireNonNull(adClick, "ad-click topic");
        Objects.requireNonNull(outboundSend, "outbound-send topic");
        Objects.requireNonNull(conversationOpened, "conversation-opened topic");
        Objects.requireNonNull(sendRejected, "send-rejected topic");
        Objects.requireNonNull(conversationVoided, "conversation-voided topic");
        Objects.requireNonNull(rejectionWithdrawn, "rejection-withdrawn topic");
        Objects.requireNonNull(deadLetter, "dead-letter topic");
        Objects.requireNonNull(businessAccounts, "business-accounts topic");
        Objects.requireNonNull(pricedConversation, "priced-conversation topic");
        Objects.requireNonNull(pricedMessage, "priced-message topic");
        Objects.requireNonNull(pricedConversationVoided, "priced-conversation-voided topic");
        Objects.requireNonNull(pricedMessageVoided, "priced-message-voided topic");
    }

    /**
     * The inputs first, then the outputs and the dead letters, then the accounts (compacted) and the priced outputs:
     * every topic the service needs created (the last five only with pricing enabled).
     */
    public List<String> all() {
        return List.of(inboundMessage, adClick, outboundSend, conversationOpened, sendRejected,
                conversationVoided, rejectionWithdrawn, deadLetter, businessAccounts, pricedConversation, pricedMessage,
                pricedConversationVoided, pricedMessageVoided);
    }

    /** The topics to create with {@code cleanup.policy=compact}: business accounts, a whole history per business. */
    public List<String> compacted() {
        return List.of(businessAccounts);
    }
}
