package dev.convometer.domain.pricing;

/**
 * A volume tier of a rate row: ranks {@code from} to {@code to}, both inclusive; {@code to} null on the open last band.
 */
public record Band(long from, Long to) {
    public Band {
        if (from < 1 || (to != null && to < from)) {
            throw new IllegalArgumentException("not a band: " + from + ":" + (to == null ? "" : to));
        }
    }

    public boolean contains(long rank) {
        return from <= rank && (to == null || rank <= to);
    }

    public boolean open() {
        return to == null;
    }

    /** The record's {@code tier}: {@code "from:to"}, or {@code "from:"} for the open band. */
    public String wireName() {
        return from + ":" + (to == null ? "" : to.toString());
    }

    @Override
    public String toString() {
        return wireName();
    }
}
