package dev.convometer.app.statement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the counters file ({@link MonthlyCounters}): a free-tier counter, or one tier band of a volume-tier
 * counter. Fields that do not apply to the row's kind are null (written empty).
 *
 * @param counter {@code cbp_service}, {@code pmp_service} or {@code volume_tier}
 * @param scope what {@code scopeId} is: {@code waba} (CBP service), {@code business} (PMP service), or the tier scope
 * @param market the volume-tier counter's market; null for a free-tier counter
 * @param pricingCategory {@code service} for a free-tier counter, else the volume-tier counter's category
 * @param count the net items in the counter: the volume it reached
 * @param freeLimit the free tier given to the statement; null for a volume-tier counter
 * @param freeUsed the net items priced free by the free tier; null for a volume-tier counter
 * @param freeLeft {@code max(0, freeLimit - freeUsed)}; null for a volume-tier counter
 * @param tier the band ({@code tier} field) of the items of this row; null for a free-tier counter, and for the items
 *     of a volume-tier counter priced without a band ({@code no_rate}, or an untiered rate)
 * @param tierCount the net items of the counter priced in {@code tier}; null for a free-tier counter
 */
public record CounterRow(String counter, String scope, String scopeId, String billingMonth, String market,
        String pricingCategory, long count, Long freeLimit, Long freeUsed, Long freeLeft, String tier, Long tierCount) {

    /** The columns of {@link #values()}. */
    public static final List<String> HEADER = List.of("counter", "scope", "scope_id", "billing_month", "market",
            "pricing_category", "count", "free_limit", "free_used", "free_left", "tier", "tier_count");

    /** The values in {@link #HEADER} order, null as the empty string. */
    public List<String> values() {
        List<String> values = new ArrayList<>();
        for (Object value : Arrays.asList(counter, scope, scopeId, billingMonth, market, pricingCategory, count, freeLimit,
                freeUsed, freeLeft, tier, tierCount)) {
            values.add(value == null ? "" : value.toString());
        }
        return values;
    }
}
