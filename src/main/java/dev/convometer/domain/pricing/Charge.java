package dev.convometer.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The fields every priced record has (7.8 "common"), whatever its unit. {@code amount} is exact money with 6 decimals,
 * null when unpriced or {@code no_rate}; {@code rateCardVersion} and {@code tier} are null when no rate row was used.
 */
public record Charge(Era era, PricingModel pricingModel, PricingCategory pricingCategory, PricingType pricingType,
                     PricingRule pricingRule, boolean billable, String wabaId, String portfolioId, String billingMonth,
                     AccountSource accountSource, String country, String market, String currency, BigDecimal amount,
                     String rateCardVersion, String tier, UnpricedReason unpricedReason) {
    /** Records carry amounts with exactly this many decimals. */
    public static final int AMOUNT_SCALE = 6;
    /** A free item's amount, {@code "0.000000"}. */
    public static final BigDecimal FREE = BigDecimal.ZERO.setScale(AMOUNT_SCALE);

    public Charge {
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(pricingModel, "pricingModel");
        Objects.requireNonNull(pricingCategory, "pricingCategory");
        Objects.requireNonNull(pricingType, "pricingType");
        Objects.requireNonNull(pricingRule, "pricingRule");
        Objects.requireNonNull(market, "market");
        if (amount != null && amount.scale() != AMOUNT_SCALE) {
            // equal records must compare equal (P-CORRECT), and BigDecimal.equals sees the scale
            throw new IllegalArgumentException("an amount has exactly 6 decimals: " + amount);
        }
    }

    /** The record's {@code amount} string: {@code "0.015000"}, or null. */
    public String amountText() {
        return amount == null ? null : amount.toPlainString();
    }
}
