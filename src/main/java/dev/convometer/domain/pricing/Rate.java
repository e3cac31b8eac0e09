package dev.convometer.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one rate-card row charges for one unit: the amount (scale 6, exact as written in the card), the card's label,
 * and the band it came from (null when untiered).
 */
public record Rate(BigDecimal amount, String rateCardVersion, Band band) {
    public Rate {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(rateCardVersion, "rateCardVersion");
        if (amount.scale() != Charge.AMOUNT_SCALE || amount.signum() < 0) {
            throw new IllegalArgumentException("a rate is >= 0 with exactly 6 decimals: " + amount);
        }
    }

    /** The record's {@code tier}, or null when untiered. */
    public String tier() {
        return band == null ? null : band.wireName();
    }
}
