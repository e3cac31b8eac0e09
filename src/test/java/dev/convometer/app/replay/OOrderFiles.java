package dev.convometer.app.replay;

import dev.convometer.app.traffic.TrafficLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Traffic files for the replay tests. */
final class OOrderFiles {
    private OOrderFiles() {
    }

    /** A copy of {@code source} with its lines in O-ORDER (a stable sort: copies keep their order), in {@code dir}. */
    static Path sortedCopy(Path source, Path dir) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8).stream()
                .map(line -> Map.entry(TrafficLine.parse(line).position(), line))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        return Files.write(dir.resolve("sorted-" + source.getFileName()), lines, StandardCharsets.UTF_8);
    }
}
