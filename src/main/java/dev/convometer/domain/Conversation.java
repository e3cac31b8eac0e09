package dev.convometer.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A conversation as billed: the half-open window {@code [openedAt, expiresAt)} and what opened it. */
public record Conversation(Pair pair, Category category, long openedAt, long expiresAt, String openedBy, Rule rule) {

    public boolean billable() {
        return category.billable();
    }

    /**
     * Deterministic and unique: (pair, category, opened_at, opened_by) names one conversation, and expires_at and the
     * rule follow from the category. opened_by is in it because a correction can replace a conversation by one of the
     * same category and time opened by another message of that second (L-CORRECT: voided, then opened), and the two
     * must not share an id. The ids are length-prefixed, so no choice of characters in them makes two read alike.
     */
    public String id() {
        String name = pair.businessId().length() + ":" + pair.businessId() + pair.customerId().length() + ":" + pair.customerId()
                + category.wireName() + ':' + openedAt + ':' + openedBy.length() + ':' + openedBy;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
