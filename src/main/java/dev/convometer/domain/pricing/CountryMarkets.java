package dev.convometer.domain.pricing;

import java.io.Reader;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The country-market table (P-MARKET): which rate-card market a country is in from which local date. Meta moves
 * countries between markets now and then, so a row holds from its {@code effective_from} (empty: always) until the
 * country's next row.
 */
public final class CountryMarkets {
    /** The market of a null country or of one the table does not have (yet) on the date. */
    public static final String OTHER = "Other";
    private static final LocalDate ALWAYS = LocalDate.MIN;
    private static final List<String> COLUMNS = List.of("effective_from", "country", "market");

    private final Map<String, NavigableMap<LocalDate, String>> byCountry;

    private CountryMarkets(Map<String, NavigableMap<LocalDate, String>> byCountry) {
        this.byCountry = byCountry;
    }

    /** Reads and checks the table; a bad row throws {@link TableError} naming {@code fileName} and the line. */
    public static CountryMarkets read(Reader reader, String fileName) {
        Map<String, NavigableMap<LocalDate, String>> byCountry = new HashMap<>();
        for (CsvTable.Row row : CsvTable.read(reader, fileName, COLUMNS).rows()) {
            String from = row.get("effective_from");
            LocalDate day = from.isEmpty() ? ALWAYS : TableDates.parse(from);
            if (day == null) {
                throw row.error("effective_from '" + from + "' is not a YYYY-MM-DD date");
            }
            String country = row.get("country");
            if (!country.matches("[A-Z]{2}")) {
                throw row.error("country '" + country + "' is not two capital letters");
            }
            String market = row.get("market");
            if (market.isEmpty()) {
                throw row.error("market is empty");
            }
            String before = byCountry.computeIfAbsent(country, c -> new TreeMap<>()).putIfAbsent(day, market);
            if (before != null) {
                throw row.error("country " + country + " already has a row "
                        + (day == ALWAYS ? "with an empty effective_from" : "from " + from));
            }
        }
        return new CountryMarkets(byCountry);
    }

    /** P-MARKET: the market of {@code country} (null allowed) on {@code localDate}, or {@link #OTHER}. */
    public String marketOf(String country, LocalDate localDate) {
        NavigableMap<LocalDate, String> rows = country == null ? null : byCountry.get(country);
        Map.Entry<LocalDate, String> row = rows == null ? null : rows.floorEntry(localDate);
        return row == null ? OTHER : row.getValue();
    }
}
