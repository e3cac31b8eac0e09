package dev.convometer.domain.pricing;

import java.nio.charset.StandardCharsets;

/**
 * The stable id of a priced item (7.8): {@code C/<business_id>/<customer_id>/<opened_at ms>/<opened_by>} or
 * {@code M/<business_id>/<customer_id>/<timestamp ms>/<event_id>}. Each string part is percent-encoded so a '/' in an
 * id cannot shift the parts, and an invoice system can split the id back.
 */
public final class ChargeId {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ChargeId() {
    }

    public static String conversation(String businessId, String customerId, long openedAt, String openedBy) {
        return id('C', businessId, customerId, openedAt, openedBy);
    }

    public static String message(String businessId, String customerId, long timestamp, String eventId) {
        return id('M', businessId, customerId, timestamp, eventId);
    }

    /** One builder, not string concatenation, whose helpers were a large part of what pricing had the JIT compile. */
    private static String id(char kind, String businessId, String customerId, long at, String last) {
        return new StringBuilder(24 + businessId.length() + customerId.length() + last.length()).append(kind).append('/')
                .append(encode(businessId)).append('/').append(encode(customerId)).append('/').append(at).append('/')
                .append(encode(last)).toString();
    }

    /** RFC 3986 unreserved characters {@code A-Za-z0-9-._~} as they are; every other UTF-8 byte as {@code %XX}. */
    static String encode(String part) {
        if (unreserved(part)) {
            return part; // ids are mostly digits and dashes: nothing to encode, nothing to copy
        }
        StringBuilder encoded = new StringBuilder(part.length());
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (unreserved(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    private static boolean unreserved(String part) {
        for (int i = 0; i < part.length(); i++) {
            if (!unreserved(part.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
