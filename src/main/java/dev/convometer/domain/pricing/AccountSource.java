package dev.convometer.domain.pricing;

/** Whether an item's account came from a business-accounts record or from the defaults (P-ACCOUNT-DEFAULT). */
public enum AccountSource {
    DEFAULT("default"),
    RECORD("record");

    private final String wireName;

    AccountSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
