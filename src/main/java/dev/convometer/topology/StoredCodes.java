package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.EventKind;

/**
 * The byte that stands for each enum value in stored state (store keys and values, and so the changelogs): fixed
 * letters, never ordinals, so adding or reordering enum values never changes what bytes already written mean. A code
 * this release does not know (state written by a newer one) fails loudly instead of being misread.
 */
final class StoredCodes {
    static final byte NONE = 0;

    private StoredCodes() {
    }

    static byte of(EventKind kind) {
        return switch (kind) {
            case INBOUND_MESSAGE -> 'I';
            case AD_CLICK -> 'A';
            case OUTBOUND_SEND -> 'O';
        };
    }

    static EventKind kind(byte code) {
        return switch (code) {
            case 'I' -> EventKind.INBOUND_MESSAGE;
            case 'A' -> EventKind.AD_CLICK;
            case 'O' -> EventKind.OUTBOUND_SEND;
            default -> throw unknown("event kind", code);
        };
    }

    static byte of(Category category) {
        if (category == null) {
            return NONE;
        }
        return switch (category) {
            case MARKETING -> 'M';
            case UTILITY -> 'U';
            case AUTHENTICATION -> 'A';
            case SERVICE -> 'S';
            case FREE_ENTRY_POINT -> 'F';
        };
    }

    static Category category(byte code) {
        return switch (code) {
            case NONE -> null;
            case 'M' -> Category.MARKETING;
            case 'U' -> Category.UTILITY;
            case 'A' -> Category.AUTHENTICATION;
            case 'S' -> Category.SERVICE;
            case 'F' -> Category.FREE_ENTRY_POINT;
            default -> throw unknown("category", code);
        };
    }

    static byte of(DeliveryStatus status) {
        return switch (status) {
            case SENT -> 'S';
            case DELIVERED -> 'D';
            case READ -> 'R';
            case FAILED -> 'X';
        };
    }

    static DeliveryStatus status(byte code) {
        return switch (code) {
            case 'S' -> DeliveryStatus.SENT;
            case 'D' -> DeliveryStatus.DELIVERED;
            case 'R' -> DeliveryStatus.READ;
            case 'X' -> DeliveryStatus.FAILED;
            default -> throw unknown("status", code);
        };
    }

    private static IllegalStateException unknown(String what, byte code) {
        return new IllegalStateException("unreadable stored state: unknown " + what + " code " + code
                + " (written by a newer release?)");
    }
}
