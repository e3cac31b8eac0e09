package dev.convometer.app.statement;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The totals of one statement row: the net records of one {@link StatementKey}. */
public final class ChargeTotals {
    private long count;
    private long billable;
    private BigDecimal amount = BigDecimal.ZERO;
    private long noRate;
    private long unpriced;

    void add(PricedRecord record) {
        count++;
        billable += record.billable() ? 1 : 0;
        if (record.amount() != null) {
            amount = amount.add(record.amount());
        }
        noRate += record.noRate() ? 1 : 0;
        unpriced += record.unpriced() ? 1 : 0;
    }

    public long count() {
        return count;
    }

    /** Records with {@code billable} true. */
    public long billableCount() {
        return billable;
    }

    /** The exact sum of the amounts, with 6 decimals like the records; null amounts add nothing. */
    public BigDecimal amount() {
        // every amount has at most 6 decimals (PricedRecord), so this never rounds
        return amount.setScale(6, RoundingMode.UNNECESSARY);
    }

    /** Records with {@code unpriced_reason} {@code no_rate}: regular, but the rate card has no rate for them. */
    public long noRate() {
        return noRate;
    }

    /** Records of pricing type {@code unpriced}. */
    public long unpriced() {
        return unpriced;
    }
}
