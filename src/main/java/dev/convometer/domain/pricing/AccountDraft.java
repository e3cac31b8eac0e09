package dev.convometer.domain.pricing;

import java.util.List;

/**
 * A business-accounts record as an adapter (JSON lines, Avro) read it, not yet checked: plain strings, and instants
 * already taken to epoch milliseconds. Null means absent (or JSON null). {@link AccountHistory#of} checks it; the
 * shape checks that only the adapter can make (not an object, not an array, not a string, a bad instant) are its own,
 * reported as {@link InvalidAccount}.
 *
 * @param versions null when the field is missing
 */
public record AccountDraft(String businessId, List<Version> versions) {

    /** One version as read; {@code validFrom} null means "always". */
    public record Version(Long validFrom, String wabaId, String portfolioId, String timeZone, String currency) {
    }
}
