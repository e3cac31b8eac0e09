package dev.convometer.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A conversation as billed: the half-open window {@code [openedAt, expiresAt)} and what opened it. */
public record Conversation(Pair pair, Category category, long openedAt, long expiresAt, String openedBy, Rule rule) {

    public boolean billable() {
        return category.billable();
    }

    /**
     * Deterministic and unique: a pair has at most one open conversation per category, and a new one of the same
     * category can only open after the previous one ended, so (pair, category, opened_at) names one conversation.
     * The ids are length-prefixed, so no choice of characters in them makes two pairs read alike.
     */
    public String id() {
        String name = pair.businessId().length() + ":" + pair.businessId() + pair.customerId().length() + ":" + pair.customerId()
                + category.wireName() + ':' + openedAt;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
