package dev.convometer.app.traffic;

import java.nio.file.Path;

/** Where a valid event was read: its file, line number (the first line is 1) and the line as it stands there. */
public record SourceLine(Path file, long number, String text) {
    /** This line as a dead letter of {@code reason}: the line a contract dead letter of the file would be. */
    public String deadLetter(String reason) {
        return TrafficFiles.deadLetter(file, number, text, reason);
    }
}
