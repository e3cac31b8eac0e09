package dev.convometer.domain;

/** An input that breaks the event contract (SPEC section 4): it goes to the dead letters, never to billing. */
public class ContractViolation extends IllegalArgumentException {
    public ContractViolation(String reason) {
        super(reason);
    }

    static String requireNonEmpty(String value, String field) {
        if (value == null) {
            throw new ContractViolation("missing required field " + field);
        }
        if (value.isEmpty()) {
            throw new ContractViolation("empty required field " + field);
        }
        return value;
    }
}
