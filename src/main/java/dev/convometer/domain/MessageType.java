package dev.convometer.domain;

public enum MessageType {
    TEMPLATE("template"),
    FREE_FORM("free_form");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public static MessageType fromWire(String name) {
        for (MessageType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new ContractViolation(name == null ? "missing required field message_type" : "unknown message_type '" + name + "'");
    }
}
