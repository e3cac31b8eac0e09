package dev.convometer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local}, as a user runs it: its own KRaft broker, the service on it, the outputs in replay's format. */
class LocalCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteWhatReplayWritesWhenTheSameFileGoesThroughARealBroker() throws Exception {
        Path traffic = TieFreeTraffic.write(dir.resolve("traffic.jsonl"), 3_000);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThat(ConvoMeter.run(new String[] {"replay", "--input", traffic.toString(), "--output", dir.resolve("replay-opened.jsonl").toString(),
                "--rejected", dir.resolve("replay-rejected.jsonl").toString()}, quiet, quiet)).isZero();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = ConvoMeter.run(new String[] {"local", "--input", traffic.toString(), "--output", dir.resolve("local-opened.jsonl").toString(),
                "--rejected", dir.resolve("local-rejected.jsonl").toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8), quiet);

        assertThat(status).isZero();
        assertThat(TieFreeTraffic.lines(dir.resolve("replay-opened.jsonl"))).hasSizeGreaterThan(300);
        assertThat(TieFreeTraffic.lines(dir.resolve("local-opened.jsonl")))
                .containsExactlyInAnyOrderElementsOf(TieFreeTraffic.lines(dir.resolve("replay-opened.jsonl")));
        assertThat(TieFreeTraffic.lines(dir.resolve("local-rejected.jsonl")))
                .containsExactlyInAnyOrderElementsOf(TieFreeTraffic.lines(dir.resolve("replay-rejected.jsonl")));
        // every conversation is printed as it arrives, then the summary
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("{\"conversation_id\"")).toList())
                .containsExactlyInAnyOrderElementsOf(TieFreeTraffic.lines(dir.resolve("replay-opened.jsonl")));
        assertThat(out).contains("conversations opened:", "events/s");
    }
}
