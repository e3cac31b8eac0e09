package dev.convometer.domain;

/** An enum whose values are written in events and outputs in lower case, as SPEC spells them. */
interface WireName {
    String wireName();

    /** The value spelled exactly {@code name} (enum values are case-sensitive), or null. */
    static <E extends WireName> E find(E[] values, String name) {
        for (E value : values) {
            if (value.wireName().equals(name)) {
                return value;
            }
        }
        return null;
    }
}
