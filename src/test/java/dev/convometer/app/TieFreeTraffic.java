package dev.convometer.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Traffic for comparing the live service with replay: generated events plus every scenario (each under its own
 * business id, so that scenarios stay apart), without the events of a pair that share a timestamp across topics, which
 * a live stream cannot order.
 */
final class TieFreeTraffic {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TieFreeTraffic() {
    }

    static Path write(Path file, int generatedEvents) throws IOException, URISyntaxException {
        List<ObjectNode> events = new ArrayList<>();
        StringWriter generated = new StringWriter();
        new TrafficGenerator(Math.max(1, generatedEvents / 10), generatedEvents, 11).writeTo(generated);
        for (String line : generated.toString().lines().toList()) {
            events.add((ObjectNode) JSON.readTree(line));
        }
        Path scenarios = Path.of(TieFreeTraffic.class.getResource("/scenarios").toURI());
        try (Stream<Path> dirs = Files.list(scenarios)) {
            for (Path scenario : dirs.sorted().toList()) {
                for (String line : Files.readAllLines(scenario.resolve("input.jsonl"))) {
                    try {
                        ObjectNode event = (ObjectNode) JSON.readTree(line);
                        event.put("business_id", event.path("business_id").asText() + "-" + scenario.getFileName());
                        events.add(event);
                    } catch (IOException | ClassCastException notAnEvent) {
                        // the dead-letter scenario's unreadable lines: neither side bills them
                    }
                }
            }
        }
        Map<String, Set<String>> kindsAt = new HashMap<>();
        for (ObjectNode event : events) {
            kindsAt.computeIfAbsent(tieKey(event), k -> new HashSet<>()).add(event.path("type").asText());
        }
        Files.writeString(file, events.stream().filter(e -> kindsAt.get(tieKey(e)).size() == 1)
                .map(ObjectNode::toString).collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    /** The pair and the instant as replay reads it, so that "...:00Z" and "...:00.000Z" tie. */
    private static String tieKey(ObjectNode event) {
        return event.path("business_id").asText() + "|" + event.path("customer_id").asText() + "|" + instant(event.get("timestamp"));
    }

    private static String instant(JsonNode node) {
        if (node == null) {
            return "none";
        }
        try {
            return node.isNumber() ? String.valueOf(node.asLong()) : String.valueOf(OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli());
        } catch (RuntimeException unreadable) {
            return node.toString();
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
