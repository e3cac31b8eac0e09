package dev.convometer.domain;

public enum DeliveryStatus implements WireName {
    SENT("sent"),
    DELIVERED("delivered"),
    READ("read"),
    FAILED("failed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** An absent status means the message was delivered (SPEC section 2). */
    public static DeliveryStatus fromWire(String name) {
        if (name == null) {
            return DELIVERED;
        }
        DeliveryStatus status = WireName.find(values(), name);
        if (status != null) {
            return status;
        }
        throw new ContractViolation("unknown status '" + name + "'");
    }
}
