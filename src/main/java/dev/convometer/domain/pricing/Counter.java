package dev.convometer.domain.pricing;

import java.util.Objects;

/**
 * A monthly counter (P-COUNTER): its kind and its key, one string that names it whole (the key of the counter stage's
 * partitions). Key parts are percent-encoded as in a charge_id, so no id can run into the next part.
 */
public record Counter(Kind kind, String key) {
    public enum Kind {
        /** (waba_id, billing month): CBP_2023 service conversations, for CBP_SERVICE_FREE_TIER. */
        CBP_SERVICE("cbp-service"),
        /** (business_id, billing month): PMP_2026 free-form messages, for PMP_SERVICE_FREE_TIER. */
        PMP_SERVICE("pmp-service"),
        /** (TIER_SCOPE, scope id, billing month, market, pricing category): regular messages of a tiered category. */
        VOLUME_TIER("volume-tier");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public Counter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }

    static Counter cbpService(String wabaId, String billingMonth) {
        return new Counter(Kind.CBP_SERVICE, Kind.CBP_SERVICE.wireName + '/' + ChargeId.encode(wabaId) + '/' + billingMonth);
    }

    static Counter pmpService(String businessId, String billingMonth) {
        return new Counter(Kind.PMP_SERVICE, Kind.PMP_SERVICE.wireName + '/' + ChargeId.encode(businessId) + '/' + billingMonth);
    }

    static Counter volumeTier(TierScope scope, String scopeId, String billingMonth, String market, PricingCategory category) {
        return new Counter(Kind.VOLUME_TIER, Kind.VOLUME_TIER.wireName + '/' + scope.wireName() + '/' + ChargeId.encode(scopeId)
                + '/' + billingMonth + '/' + ChargeId.encode(market) + '/' + category.wireName());
    }

    /** A volume-tier counter's pricing category (its key's last part). */
    PricingCategory category() {
        if (kind != Kind.VOLUME_TIER) {
            throw new IllegalStateException(kind.wireName + " counters have no pricing category");
        }
        return PricingCategory.ofRateCard(key.substring(key.lastIndexOf('/') + 1));
    }

    /** The counter's billing month, {@code YYYY-MM}: every key has it. */
    public String billingMonth() {
        int at = kind == Kind.VOLUME_TIER ? 3 : 2;
        return key.split("/", -1)[at];
    }
}
