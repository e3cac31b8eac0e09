package dev.convometer.domain.pricing;

/**
 * A business-accounts record that is a dead letter and changes nothing (P-ACCOUNT). The dead-letter reason is always
 * {@link #REASON}; the message says what was wrong, for logs. Adapters throw it for the shape checks they make.
 */
public class InvalidAccount extends IllegalArgumentException {
    public static final String REASON = "invalid_account";

    public InvalidAccount(String detail) {
        super(detail);
    }

    public static InvalidAccount notAnObject() {
        return new InvalidAccount("the record is not an object");
    }

    public static InvalidAccount notAString(String field) {
        return new InvalidAccount(field + " is not a string");
    }

    public static InvalidAccount versionsNotAnArray() {
        return new InvalidAccount("versions is not an array");
    }

    /** {@code index} counts from 0, as in {@code versions[0]}. */
    public static InvalidAccount versionNotAnObject(int index) {
        return new InvalidAccount("versions[" + index + "] is not an object");
    }

    public static InvalidAccount versionFieldNotAString(int index, String field) {
        return new InvalidAccount("versions[" + index + "]." + field + " is not a string");
    }

    public static InvalidAccount badInstant(int index, String text) {
        return new InvalidAccount("versions[" + index + "].valid_from '" + text + "' is not an instant");
    }
}
