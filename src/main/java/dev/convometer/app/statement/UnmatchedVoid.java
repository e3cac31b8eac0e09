package dev.convometer.app.statement;

import java.nio.file.Path;

/** A voided record equal to no emitted record left to cancel: the totals cannot be right without its emitted record. */
public record UnmatchedVoid(Path file, long line, String chargeId) {
    /** One line: where it is, and its {@code charge_id}. */
    public String describe() {
        return file + " line " + line + ": voided record matches no emitted record (charge_id " + chargeId + ")";
    }
}
