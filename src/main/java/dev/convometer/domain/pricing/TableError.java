package dev.convometer.domain.pricing;

/**
 * A reference table (rate card, country-market table) that cannot be used: start-up stops. The message is one line,
 * {@code <file> line <n>: <what>}, so an operator can go straight to the row.
 */
public class TableError extends IllegalArgumentException {
    private final String fileName;
    private final int line;

    public TableError(String fileName, int line, String problem) {
        super(fileName + " line " + line + ": " + problem.replace('\n', ' ').replace('\r', ' '));
        this.fileName = fileName;
        this.line = line;
    }

    public String fileName() {
        return fileName;
    }

    public int line() {
        return line;
    }
}
