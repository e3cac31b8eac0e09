package dev.convometer.app.statement;

import dev.convometer.domain.pricing.TierScope;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly counters of PRICING.md 7.11, rebuilt from net priced records (emitted minus voided, never the raw emitted
 * ones): how much of each free tier a counter used and has left, and the volume each volume-tier counter reached, with
 * the items priced in each band. Only {@link Statement} adds records, and only those no void cancels.
 *
 * <ul>
 *   <li>{@code cbp_service}, key ({@code waba_id}, {@code billing_month}): the CBP_2023 service conversations, that is the
 *       records of rule {@code P-FREE-TIER} (used) and the CBP_2023 {@code service} records of rule
 *       {@code P-CBP-REGULAR} (past the free tier, or priced without one).
 *   <li>{@code pmp_service}, key ({@code business_id}, {@code billing_month}): the PMP_2026 free-form messages that reach
 *       the free tier, that is the records of rule {@code P-PMP-FREE-TIER} (used) and the PMP_2026 {@code free_form}
 *       messages of rule {@code P-PMP-REGULAR}.
 *   <li>{@code volume_tier}, key (tier scope, scope id, {@code billing_month}, {@code market}, {@code pricing_category}):
 *       the {@code P-PMP-REGULAR} messages of a tiered category ({@code utility}, {@code authentication},
 *       {@code authentication_international}), {@code no_rate} ones included; a row per {@code tier} value.
 * </ul>
 *
 * <p>Free-tier limits are the ones given here, not read from the records: give those the pricing used.
 */
public final class MonthlyCounters {
    /** The default of both free tiers (PRICING.md 7.11). */
    public static final int DEFAULT_FREE_TIER = 1000;

    static final String CBP_SERVICE = "cbp_service";
    static final String PMP_SERVICE = "pmp_service";
    static final String VOLUME_TIER = "volume_tier";
    private static final Set<String> TIERED_CATEGORIES = Set.of("utility", "authentication", "authentication_international");
    private static final Pattern BAND = Pattern.compile("([0-9]{1,18}):([0-9]{0,18})");

    private final long cbpFreeTier;
    private final long pmpServiceFreeTier;
    private final TierScope tierScope;
    // [count, used] per free-tier counter
    private final Map<FreeKey, long[]> freeTiers = new HashMap<>();
    // items per tier value (null: no band) per volume-tier counter
    private final Map<VolumeKey, Map<String, Long>> volumes = new HashMap<>();

    private record FreeKey(String counter, String scopeId, String billingMonth) {
    }

    private record VolumeKey(String scopeId, String billingMonth, String market, String pricingCategory) {
    }

    /** Counters with these free tiers (each >= 0) and this tier scope. */
    public MonthlyCounters(int cbpFreeTier, int pmpServiceFreeTier, TierScope tierScope) {
        if (cbpFreeTier < 0 || pmpServiceFreeTier < 0 || tierScope == null) {
            throw new IllegalArgumentException("free tiers are >= 0 and a tier scope is given: " + cbpFreeTier + ", "
                    + pmpServiceFreeTier + ", " + tierScope);
        }
        this.cbpFreeTier = cbpFreeTier;
        this.pmpServiceFreeTier = pmpServiceFreeTier;
        this.tierScope = tierScope;
    }

    /**
     * A free tier option's value: an integer >= 0 (surrounding spaces ignored), or the default when {@code text} is null;
     * otherwise an {@link IllegalArgumentException} with a one-line message naming {@code option}.
     */
    public static int freeTier(String option, String text) {
        if (text == null) {
            return DEFAULT_FREE_TIER;
        }
        if (!text.strip().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(option + " '" + text + "' is not an integer >= 0");
        }
        return Integer.parseInt(text.strip());
    }

    /**
     * Counts one net record, if it is in a counter.
     *
     * @throws IllegalArgumentException with the reason, when a field the counters read is missing or not a string
     */
    void add(PricedRecord record) {
        StatementKey key = record.key();
        String rule = text(record, "pricing_rule");
        switch (rule) {
            case "P-FREE-TIER" -> free(CBP_SERVICE, key.wabaId(), key.billingMonth(), true);
            case "P-CBP-REGULAR" -> {
                if (text(record, "era").equals("CBP_2023") && key.pricingCategory().equals("service")) {
                    free(CBP_SERVICE, key.wabaId(), key.billingMonth(), false);
                }
            }
            case "P-PMP-FREE-TIER" -> free(PMP_SERVICE, text(record, "business_id"), key.billingMonth(), true);
            case "P-PMP-REGULAR" -> {
                if (text(record, "era").equals("PMP_2026") && text(record, "message_type").equals("free_form")) {
                    free(PMP_SERVICE, text(record, "business_id"), key.billingMonth(), false);
                }
                if (TIERED_CATEGORIES.contains(key.pricingCategory())) {
                    VolumeKey volume = new VolumeKey(text(record, tierScope == TierScope.PORTFOLIO ? "portfolio_id" : "waba_id"), key.billingMonth(), key.market(),
                            key.pricingCategory());
                    volumes.computeIfAbsent(volume, k -> new HashMap<>()).merge(tier(record), 1L, Long::sum);
                }
            }
            default -> {
                // in no counter
            }
        }
    }

    private void free(String counter, String scopeId, String billingMonth, boolean used) {
        long[] tally = freeTiers.computeIfAbsent(new FreeKey(counter, scopeId, billingMonth), k -> new long[2]);
        tally[0]++;
        tally[1] += used ? 1 : 0;
    }

    /**
     * The rows, sorted by counter ({@code cbp_service}, {@code pmp_service}, {@code volume_tier}), scope id, billing month,
     * market and pricing category (strings as UTF-8 bytes), then a volume-tier counter's bands by their first rank, a
     * {@code tier} that is no band after them (as UTF-8 bytes), and the items without a band last.
     */
    public List<CounterRow> rows() {
        List<CounterRow> rows = new ArrayList<>();
        freeTiers.forEach((key, tally) -> {
            boolean cbp = key.counter().equals(CBP_SERVICE);
            long limit = cbp ? cbpFreeTier : pmpServiceFreeTier;
            rows.add(new CounterRow(key.counter(), cbp ? "waba" : "business", key.scopeId(), key.billingMonth(), null,
                    "service", tally[0], limit, tally[1], Math.max(0, limit - tally[1]), null, null));
        });
        volumes.forEach((key, tiers) -> {
            long count = tiers.values().stream().mapToLong(Long::longValue).sum();
            tiers.forEach((tier, items) -> rows.add(new CounterRow(VOLUME_TIER, tierScope.wireName(), key.scopeId(),
                    key.billingMonth(), key.market(), key.pricingCategory(), count, null, null, null, tier, items)));
        });
        rows.sort(Comparator.comparing(CounterRow::counter, StatementKey::compareUtf8)
                .thenComparing(CounterRow::scopeId, StatementKey::compareUtf8)
                .thenComparing(CounterRow::billingMonth, StatementKey::compareUtf8)
                .thenComparing(row -> row.market() == null ? "" : row.market(), StatementKey::compareUtf8)
                .thenComparing(CounterRow::pricingCategory, StatementKey::compareUtf8)
                .thenComparing(CounterRow::tier, MonthlyCounters::compareTiers));
        return rows;
    }

    /** The tier scope of the volume-tier counters. */
    public TierScope tierScope() {
        return tierScope;
    }

    private static String text(PricedRecord record, String field) {
        JsonNode value = record.fields().get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("lacks " + field + " (the monthly counters read it)");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is not a non-empty string, was " + value);
        }
        return value.asText();
    }

    private static String tier(PricedRecord record) {
        JsonNode value = record.fields().get("tier");
        if (value == null) {
            throw new IllegalArgumentException("lacks tier (null when priced without a band; the monthly counters read it)");
        }
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("tier is not a string or null, was " + value);
        }
        return value.asText();
    }

    // bands ("from:to", "from:") by from, then to (open last); other strings after them; null last
    private static int compareTiers(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        Matcher x = BAND.matcher(a);
        Matcher y = BAND.matcher(b);
        boolean bandA = x.matches();
        boolean bandB = y.matches();
        if (bandA && bandB) {
            int from = Long.compare(Long.parseLong(x.group(1)), Long.parseLong(y.group(1)));
            if (from != 0) {
                return from;
            }
            long toA = x.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(x.group(2));
            long toB = y.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(y.group(2));
            int to = Long.compare(toA, toB);
            return to != 0 ? to : StatementKey.compareUtf8(a, b);
        }
        return bandA != bandB ? (bandA ? -1 : 1) : StatementKey.compareUtf8(a, b);
    }
}
