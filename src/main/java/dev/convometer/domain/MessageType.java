package dev.convometer.domain;

public enum MessageType implements WireName {
    TEMPLATE("template"),
    FREE_FORM("free_form");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static MessageType fromWire(String name) {
        MessageType type = WireName.find(values(), name);
        if (type != null) {
            return type;
        }
        throw new ContractViolation(name == null ? "missing required field message_type" : "unknown message_type '" + name + "'");
    }
}
