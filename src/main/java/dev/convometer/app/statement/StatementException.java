package dev.convometer.app.statement;

/** A priced file that cannot be read, or a line of one that is not a priced record: its message is one line naming the file. */
public final class StatementException extends Exception {
    public StatementException(String message) {
        super(message);
    }
}
