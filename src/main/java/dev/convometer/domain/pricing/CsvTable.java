package dev.convometer.domain.pricing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reference table in the 7.4 conventions: RFC 4180 CSV with a header row, columns found by name (any order, extra
 * ones ignored), values trimmed, blank lines and lines whose first field starts with {@code #} skipped anywhere. Rows
 * keep the number of the line they start on, for {@link TableError}s.
 */
final class CsvTable {
    private final String fileName;
    private final List<Row> rows;

    private CsvTable(String fileName, List<Row> rows) {
        this.fileName = fileName;
        this.rows = rows;
    }

    /** One data row: its values by column name and the line it starts on. */
    record Row(String fileName, int line, Map<String, String> values) {
        String get(String column) {
            return values.get(column);
        }

        TableError error(String problem) {
            return new TableError(fileName, line, problem);
        }
    }

    String fileName() {
        return fileName;
    }

    List<Row> rows() {
        return rows;
    }

    /** Reads the whole table; every column of {@code required} must be in the header. */
    static CsvTable read(Reader reader, String fileName, List<String> required) {
        List<Record> records = new Tokenizer(fileName, readAll(reader)).records();
        if (records.isEmpty()) {
            throw new TableError(fileName, 1, "no header row");
        }
        Record header = records.get(0);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields.size(); i++) {
            Integer before = columns.putIfAbsent(header.fields.get(i), i);
            if (before != null && required.contains(header.fields.get(i))) {
                throw new TableError(fileName, header.line, "column " + header.fields.get(i) + " appears twice");
            }
        }
        for (String column : required) {
            if (!columns.containsKey(column)) {
                throw new TableError(fileName, header.line, "the header has no column " + column);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Record record : records.subList(1, records.size())) {
            if (record.fields.size() != header.fields.size()) {
                throw new TableError(fileName, record.line,
                        record.fields.size() + " values where the header has " + header.fields.size() + " columns");
            }
            Map<String, String> values = new HashMap<>();
            for (String column : required) {
                values.put(column, record.fields.get(columns.get(column)));
            }
            rows.add(new Row(fileName, record.line, values));
        }
        return new CsvTable(fileName, rows);
    }

    private static String readAll(Reader reader) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') {
            text.deleteCharAt(0); // a UTF-8 byte order mark, as spreadsheet exports write
        }
        return text.toString();
    }

    private record Record(int line, List<String> fields) {
    }

    /** RFC 4180 records, with blank and comment lines already dropped. */
    private static final class Tokenizer {
        private final String fileName;
        private final String text;
        private int at;
        private int line = 1;

        Tokenizer(String fileName, String text) {
            this.fileName = fileName;
            this.text = text;
        }

        List<Record> records() {
            List<Record> records = new ArrayList<>();
            while (at < text.length()) {
                int start = line;
                if (commentLine()) {
                    skipLine();
                    continue;
                }
                List<String> fields = record();
                boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
                if (!blank && !fields.get(0).startsWith("#")) {
                    records.add(new Record(start, fields));
                }
            }
            return records;
        }

        /** A raw line whose first non-blank character is '#': skipped unread, so quotes in comments never matter. */
        private boolean commentLine() {
            int i = at;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return i < text.length() && text.charAt(i) == '#';
        }

        private void skipLine() {
            while (at < text.length() && !lineBreak()) {
                at++;
            }
        }

        private List<String> record() {
            List<String> fields = new ArrayList<>();
            while (true) {
                fields.add(field().strip());
                if (at >= text.length() || lineBreak()) {
                    return fields;
                }
                at++; // the comma
            }
        }

        private String field() {
            skipSpaces();
            if (at < text.length() && text.charAt(at) == '"') {
                return quoted();
            }
            int start = at;
            while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                if (text.charAt(at) == '"') {
                    throw new TableError(fileName, line, "a quote inside an unquoted value");
                }
                at++;
            }
            return text.substring(start, at);
        }

        private String quoted() {
            int opened = line;
            StringBuilder value = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw new TableError(fileName, opened, "a quoted value is never closed");
                }
                char c = text.charAt(at);
                if (c == '"') {
                    if (at + 1 < text.length() && text.charAt(at + 1) == '"') {
                        value.append('"');
                        at += 2;
                        continue;
                    }
                    at++;
                    break;
                }
                if (c == '\n' || (c == '\r' && (at + 1 >= text.length() || text.charAt(at + 1) != '\n'))) {
                    line++;
                }
                value.append(c);
                at++;
            }
            skipSpaces();
            if (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                throw new TableError(fileName, line, "text after a closing quote");
            }
            return value.toString();
        }

        private void skipSpaces() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        /** At a line break: consumes it (CRLF, LF or CR) and counts the line. */
        private boolean lineBreak() {
            char c = text.charAt(at);
            if (c == '\n') {
                at++;
            } else if (c == '\r') {
                at += at + 1 < text.length() && text.charAt(at + 1) == '\n' ? 2 : 1;
            } else {
                return false;
            }
            line++;
            return true;
        }
    }
}
