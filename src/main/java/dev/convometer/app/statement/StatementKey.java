package dev.convometer.app.statement;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** What a statement totals by: the six key fields every priced conversation and priced message has. */
public record StatementKey(String wabaId, String billingMonth, String currency, String market, String pricingCategory,
        String pricingType) implements Comparable<StatementKey> {

    /** The JSON field names, in column order. */
    public static final List<String> FIELDS = List.of("waba_id", "billing_month", "currency", "market", "pricing_category",
            "pricing_type");

    private static final Comparator<StatementKey> ORDER = Comparator
            .comparing(StatementKey::wabaId, StatementKey::compareUtf8)
            .thenComparing(StatementKey::billingMonth, StatementKey::compareUtf8)
            .thenComparing(StatementKey::currency, StatementKey::compareUtf8)
            .thenComparing(StatementKey::market, StatementKey::compareUtf8)
            .thenComparing(StatementKey::pricingCategory, StatementKey::compareUtf8)
            .thenComparing(StatementKey::pricingType, StatementKey::compareUtf8);

    /** The values, in {@link #FIELDS} order. */
    public List<String> values() {
        return List.of(wabaId, billingMonth, currency, market, pricingCategory, pricingType);
    }

    /** Column by column, each as unsigned UTF-8 bytes, like the record order of PRICING.md 7.8. */
    @Override
    public int compareTo(StatementKey other) {
        return ORDER.compare(this, other);
    }

    // String.compareTo orders UTF-16 units, which differs from UTF-8 bytes above U+FFFF
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
