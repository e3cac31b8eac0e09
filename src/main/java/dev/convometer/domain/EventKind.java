package dev.convometer.domain;

/** The three input streams; with the event_id it identifies an event for deduplication (D-DEDUP). */
public enum EventKind implements WireName {
    INBOUND_MESSAGE("inbound_message"),
    AD_CLICK("ad_click"),
    OUTBOUND_SEND("outbound_send");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static EventKind fromWire(String name) {
        EventKind kind = WireName.find(values(), name);
        if (kind != null) {
            return kind;
        }
        throw new ContractViolation(name == null ? "missing required field type" : "unknown type '" + name + "'");
    }
}
