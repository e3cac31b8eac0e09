package dev.convometer.domain.pricing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** The tables' {@code YYYY-MM-DD} dates: exactly four-digit year, month and day, and a real day (no 2025-02-30). */
final class TableDates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private TableDates() {
    }

    /** The date, or null when the text is not one. */
    static LocalDate parse(String text) {
        if (text.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(text, DAY);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
