package dev.convometer.domain;

public enum DeliveryStatus {
    SENT("sent"),
    DELIVERED("delivered"),
    READ("read"),
    FAILED("failed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    /** An absent status means the message was delivered (SPEC section 2). */
    public static DeliveryStatus fromWire(String name) {
        if (name == null) {
            return DELIVERED;
        }
        for (DeliveryStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new ContractViolation("unknown status '" + name + "'");
    }
}
