package dev.convometer.domain;

/** The three input streams; with the event_id it identifies an event for deduplication (D-DEDUP). */
public enum EventKind {
    INBOUND_MESSAGE("inbound_message"),
    AD_CLICK("ad_click"),
    OUTBOUND_SEND("outbound_send");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static EventKind fromWire(String name) {
        for (EventKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new ContractViolation(name == null ? "missing required field type" : "unknown type '" + name + "'");
    }
}
