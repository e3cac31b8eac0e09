import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of scripts/bench: what billing a traffic file costs without any framework. Not part of the service.
 *
 * <p>{@code java -cp target/convo-meter.jar scripts/bench-tools/Floor.java [--sort] INPUT.jsonl OUTPUT.jsonl}
 *
 * <p>Each line is parsed with Jackson (a tree), the pair key (business_id, customer_id) is looked up and written back
 * in one HashMap (one get and one put per event: a small per-pair state), and every tenth event is written as a JSON
 * line to OUTPUT. With {@code --sort} it first holds every event and sorts them by timestamp then event_id, as replay
 * does, and then does the same per event. Prints {@code events=N pairs=P written=W seconds=S}.
 */
public final class Floor {
    /** A pair's state: how many events, the last timestamp. */
    private static final class PairState {
        long events;
        long last;

        PairState(long events, long last) {
            this.events = events;
            this.last = last;
        }
    }

    private record Held(long timestamp, String eventId, JsonNode node) {
    }

    public static void main(String[] args) throws IOException {
        boolean sort = args.length == 3 && args[0].equals("--sort");
        if (args.length != (sort ? 3 : 2)) {
            System.err.println("usage: Floor [--sort] INPUT.jsonl OUTPUT.jsonl");
            System.exit(2);
        }
        Path input = Path.of(args[sort ? 1 : 0]);
        Path output = Path.of(args[sort ? 2 : 1]);
        long started = System.nanoTime();
        ObjectMapper json = new ObjectMapper();
        Map<String, PairState> pairs = new HashMap<>();
        long events = 0;
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            if (sort) {
                List<Held> held = new ArrayList<>();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode node = json.readTree(line);
                    held.add(new Held(timestamp(node), node.path("event_id").asText(), node));
                }
                held.sort(Comparator.comparingLong(Held::timestamp).thenComparing(Held::eventId));
                for (Held event : held) {
                    written += apply(json, pairs, event.node(), event.timestamp(), events++, out);
                }
            } else {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode node = json.readTree(line);
                    written += apply(json, pairs, node, timestamp(node), events++, out);
                }
            }
        }
        System.out.printf("events=%d pairs=%d written=%d seconds=%.3f%n", events, pairs.size(), written,
                (System.nanoTime() - started) / 1e9);
    }

    /** One get and one put of the pair's state; every tenth event written back. Returns the lines written. */
    private static int apply(ObjectMapper json, Map<String, PairState> pairs, JsonNode node, long timestamp, long index,
                             BufferedWriter out) throws IOException {
        String key = node.path("business_id").asText() + '\u0000' + node.path("customer_id").asText();
        PairState state = pairs.get(key);
        pairs.put(key, state == null ? new PairState(1, timestamp) : new PairState(state.events + 1, timestamp));
        if (index % 10 != 0) {
            return 0;
        }
        ObjectNode line = json.createObjectNode()
                .put("business_id", node.path("business_id").asText())
                .put("customer_id", node.path("customer_id").asText())
                .put("opened_by", node.path("event_id").asText())
                .put("opened_at", node.path("timestamp").asText())
                .put("events", state == null ? 1 : state.events + 1);
        out.write(json.writeValueAsString(line));
        out.write('\n');
        return 1;
    }

    private static long timestamp(JsonNode node) {
        JsonNode timestamp = node.path("timestamp");
        return timestamp.isNumber() ? timestamp.asLong() : Instant.parse(timestamp.asText()).toEpochMilli();
    }
}
