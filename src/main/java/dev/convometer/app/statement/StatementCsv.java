package dev.convometer.app.statement;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement as CSV: a header row, then a row per key in key order; a value with a comma, a double quote, a carriage
 * return or a line feed is quoted as RFC 4180 says (inner quotes doubled). Lines end with a line feed.
 */
public final class StatementCsv {
    /** The columns: the key fields, then the totals. */
    public static final List<String> HEADER = header();

    private StatementCsv() {
    }

    /** Writes {@code rows} to {@code out}; returns the number of rows written, the header not counted. */
    public static int write(Map<StatementKey, ChargeTotals> rows, Writer out) throws IOException {
        writeRow(HEADER, out);
        for (Map.Entry<StatementKey, ChargeTotals> row : rows.entrySet()) {
            ChargeTotals totals = row.getValue();
            List<String> values = new ArrayList<>(row.getKey().values());
            values.add(Long.toString(totals.count()));
            values.add(Long.toString(totals.billableCount()));
            values.add(totals.amount().toPlainString());
            values.add(Long.toString(totals.noRate()));
            values.add(Long.toString(totals.unpriced()));
            writeRow(values, out);
        }
        return rows.size();
    }

    /** {@code value} as one CSV field. */
    static String field(String value) {
        boolean quote = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    static void writeRow(List<String> values, Writer out) throws IOException {
        out.write(String.join(",", values.stream().map(StatementCsv::field).toList()));
        out.write('\n');
    }

    private static List<String> header() {
        List<String> columns = new ArrayList<>(StatementKey.FIELDS);
        columns.addAll(List.of("count", "billable_count", "amount", "no_rate", "unpriced"));
        return List.copyOf(columns);
    }
}
