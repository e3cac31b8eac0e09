package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a traffic file with its lines parsed in parallel: order, line numbers and dead letters as one thread gives them. */
class TrafficFileReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String event(int n) {
        return "{\"type\":\"inbound_message\",\"event_id\":\"e-" + n + "\",\"business_id\":\"1555000\",\"customer_id\":\"4477"
                + (n % 97) + "\",\"timestamp\":" + (1714521600000L + n) + "}";
    }

    @Test
    void shouldKeepFileOrderLineNumbersAndDeadLettersWhenLinesSpanManyChunks() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Map<Long, String> expectedEvents = new TreeMap<>();
        List<Long> expectedDead = new ArrayList<>();
        file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte order mark before line 1
        for (int line = 1; line <= 5_000; line++) {
            byte[] bytes;
            if (line % 1024 == 0 || line % 1024 == 1 && line > 1 || line == 3_333) {
                bytes = "{not json".getBytes(StandardCharsets.UTF_8); // at and around the chunk boundaries
                expectedDead.add((long) line);
            } else if (line == 2_500) {
                bytes = new byte[] {'{', (byte) 0xC3, '}'}; // not UTF-8
                expectedDead.add((long) line);
            } else if (line % 700 == 0) {
                bytes = "   ".getBytes(StandardCharsets.UTF_8); // blank: skipped, not a dead letter
            } else {
                bytes = event(line).getBytes(StandardCharsets.UTF_8);
                expectedEvents.put((long) line, "e-" + line);
            }
            file.writeBytes(bytes);
            file.writeBytes(line % 3 == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        Path input = Files.write(dir.resolve("traffic.jsonl"), file.toByteArray());

        StringWriter deadLetters = new StringWriter();
        Map<Long, String> events = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        long deadCount;
        try (TrafficFileReader reader = new TrafficFileReader(input, deadLetters, true)) {
            for (TrafficLine event = reader.next(); event != null; event = reader.next()) {
                events.put(reader.lineNumber(), event.event().eventId());
                order.add(reader.lineNumber());
            }
            deadCount = reader.deadLetters();
        }

        assertThat(events).isEqualTo(expectedEvents);
        assertThat(order).isSorted();
        List<Long> deadLines = new ArrayList<>();
        for (String line : deadLetters.toString().split("\n")) {
            JsonNode dead = JSON.readTree(line);
            deadLines.add(dead.get("line").asLong());
            assertThat(dead.get("file").asText()).isEqualTo(input.toString());
        }
        assertThat(deadLines).isEqualTo(expectedDead);
        assertThat(deadCount).isEqualTo(expectedDead.size());
    }

    @Test
    void shouldReportNothingWhenReadingAgainWithoutReport() throws IOException {
        Path input = Files.writeString(dir.resolve("again.jsonl"), event(1) + "\n{broken\n" + event(3) + "\n");
        StringWriter deadLetters = new StringWriter();
        List<Long> lines = new ArrayList<>();
        try (TrafficFileReader reader = new TrafficFileReader(input, deadLetters, false)) {
            for (TrafficLine event = reader.next(); event != null; event = reader.next()) {
                lines.add(reader.lineNumber());
            }
            assertThat(reader.deadLetters()).isZero();
        }
        assertThat(lines).containsExactly(1L, 3L);
        assertThat(deadLetters.toString()).isEmpty();
    }
}
