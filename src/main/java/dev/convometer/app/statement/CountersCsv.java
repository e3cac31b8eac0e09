package dev.convometer.app.statement;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** The monthly counters as CSV, quoted like {@link StatementCsv}: a header row, then a row per {@link CounterRow}. */
public final class CountersCsv {
    /** The columns. */
    public static final List<String> HEADER = CounterRow.HEADER;

    private CountersCsv() {
    }

    /** Writes {@code rows} to {@code out}, in their order; returns the number of rows written, the header not counted. */
    public static int write(List<CounterRow> rows, Writer out) throws IOException {
        StatementCsv.writeRow(HEADER, out);
        for (CounterRow row : rows) {
            StatementCsv.writeRow(row.values(), out);
        }
        return rows.size();
    }
}
