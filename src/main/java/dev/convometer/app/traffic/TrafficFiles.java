package dev.convometer.app.traffic;

import dev.convometer.domain.EventKind;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic files read for billing (SPEC section 5): every line checked against the contract, the valid events either in
 * O-ORDER (SPEC section 1: timestamp, customer-side before business messages, event_id as unsigned UTF-8 bytes; the
 * sort is stable, so exact copies of one event keep file order, files in the order given) or as they stand in the
 * files (replay --arrival-order). Used by replay, publish and local, so that they apply history in the same order.
 */
public final class TrafficFiles {
    public record Read(List<TrafficLine> events, Map<EventKind, Long> byKind, long deadLetters) {
    }

    private TrafficFiles() {
    }

    /** Fails with a one-line message when a file is missing or unreadable, before anything is read. */
    public static void requireReadable(List<Path> inputs) throws IOException {
        for (Path input : inputs) {
            if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                throw new IOException("cannot read input file " + input + (Files.exists(input) ? "" : ": no such file"));
            }
        }
    }

    /**
     * The valid events in O-ORDER ({@link dev.convometer.domain.EventPosition}, the order billing applies a pair's
     * events in). Lines that break the contract go to {@code deadLetters} (when not null) with file, line number and
     * reason.
     */
    public static Read readSorted(List<Path> inputs, Writer deadLetters) throws IOException {
        return read(inputs, deadLetters, true);
    }

    /** The valid events in the order of the files (files in the order given, lines as they stand), as a live stream would receive them. */
    public static Read readInFileOrder(List<Path> inputs, Writer deadLetters) throws IOException {
        return read(inputs, deadLetters, false);
    }

    private static Read read(List<Path> inputs, Writer deadLetters, boolean sorted) throws IOException {
        requireReadable(inputs);
        List<TrafficLine> events = new ArrayList<>();
        long dead = 0;
        for (Path input : inputs) {
            try (TrafficFileReader reader = new TrafficFileReader(input, deadLetters, true)) {
                for (TrafficLine event = reader.next(); event != null; event = reader.next()) {
                    events.add(event);
                }
                dead += reader.deadLetters();
            }
        }
        if (sorted) {
            events.sort(Comparator.comparing(TrafficLine::position)); // List.sort is stable: equal positions keep input order
        }
        Map<EventKind, Long> byKind = countsByKind();
        events.forEach(e -> byKind.merge(e.kind(), 1L, Long::sum));
        return new Read(events, byKind, dead);
    }

    /** A count of zero for every kind. */
    public static Map<EventKind, Long> countsByKind() {
        Map<EventKind, Long> byKind = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            byKind.put(kind, 0L);
        }
        return byKind;
    }

    static void writeDeadLetter(Writer out, Path file, long number, String line, String reason) throws IOException {
        out.write(deadLetter(file, number, line, reason));
        out.write('\n');
    }

    static String deadLetter(Path file, long number, String line, String reason) {
        return BillingJson.object(json -> {
            json.writeStringField("file", file.toString());
            json.writeNumberField("line", number);
            json.writeStringField("reason", reason);
            json.writeStringField("input", line);
        });
    }
}
