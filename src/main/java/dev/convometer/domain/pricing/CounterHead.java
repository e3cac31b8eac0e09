package dev.convometer.domain.pricing;

import java.util.Arrays;

/**
 * A counter's size and, for each of its boundary ranks ({@link PricingRules#boundaries}), the key of the item at that
 * rank (null while the counter holds fewer). Enough to tell any item's price class without counting what precedes it.
 */
public record CounterHead(long size, long[] ranks, ItemKey[] atRank) {
    @Override
    public boolean equals(Object other) {
        return other instanceof CounterHead head && size == head.size && Arrays.equals(ranks, head.ranks)
                && Arrays.equals(atRank, head.atRank);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(size) + Arrays.hashCode(ranks) * 17 + Arrays.hashCode(atRank);
    }

    @Override
    public String toString() {
        return "CounterHead[size=" + size + ", ranks=" + Arrays.toString(ranks) + ", atRank=" + Arrays.toString(atRank) + "]";
    }
}
