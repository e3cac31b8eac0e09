package dev.convometer.domain.pricing;

import dev.convometer.domain.Category;
import java.util.Objects;

/**
 * The open conversation a template joined under S-TEMPLATE: enough to tell whether it was opened in a CBP era (its own
 * account and local date) and to name its charge_id (P-PMP-SPAN).
 */
public record JoinedConversation(Category category, long openedAt, String openedBy) {
    public JoinedConversation {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(openedBy, "openedBy");
    }
}
