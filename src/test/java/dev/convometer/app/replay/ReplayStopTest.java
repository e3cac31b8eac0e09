package dev.convometer.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.traffic.TrafficGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay stopped before its end (SIGTERM, Ctrl-C) leaves nothing in its temporary directory. */
class ReplayStopTest {
    private static final Duration MID_RUN_DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void shouldDeleteSortedRunsAndStateOnDiskWhenStoppedWhileRunning() throws Exception {
        Path input = dir.resolve("traffic.jsonl");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            new TrafficGenerator(5_000, 300_000, 5, Duration.ZERO).writeTo(out);
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("replay.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process replay = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ConvoMeter.class.getName(), "replay", "--input", input.toString(), "--output", dir.resolve("opened.jsonl").toString(),
                "--tmp-dir", tmp.toString(), "--memory", "1m", "--state", "disk", "--threads", "1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // mid-run: sorted runs spilled and the on-disk state open
            long deadline = System.nanoTime() + MID_RUN_DEADLINE.toNanos();
            while (!(files(tmp, ".run") > 0 && files(tmp, "CURRENT") > 0) && replay.isAlive() && System.nanoTime() < deadline) {
                replay.waitFor(20, TimeUnit.MILLISECONDS);
            }
            assertThat(replay.isAlive()).as("replay still running with runs spilled; its log: %s", Files.readString(log)).isTrue();
            assertThat(files(tmp, ".run")).isPositive();

            replay.destroy(); // SIGTERM

            assertThat(replay.waitFor(MID_RUN_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(replay.exitValue()).as("stopped by SIGTERM, not finished").isEqualTo(143);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left).as("left in --tmp-dir; replay's output: %s", Files.readString(log)).isEmpty();
            }
        } finally {
            replay.destroyForcibly();
        }
    }

    /** Files under {@code root} whose name ends with {@code suffix}. */
    private static long files(Path root, String suffix) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(suffix)).count();
        } catch (UncheckedIOException | NoSuchFileException changing) {
            return 0; // the tree changed under the walk: look again
        }
    }
}
