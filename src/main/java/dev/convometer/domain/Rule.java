package dev.convometer.domain;

/** The rule IDs of SPEC section 3 that decide an event (D-DEDUP is {@link DeduplicationHorizon}); each verdict names one. */
public enum Rule {
    W_CSW("W-CSW"),
    W_ENTRY("W-ENTRY"),
    S_FAILED("S-FAILED"),
    S_REJECT("S-REJECT"),
    S_FEP_JOIN("S-FEP-JOIN"),
    S_FEP_OPEN("S-FEP-OPEN"),
    S_TEMPLATE("S-TEMPLATE"),
    S_FREE_FORM("S-FREE-FORM");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
