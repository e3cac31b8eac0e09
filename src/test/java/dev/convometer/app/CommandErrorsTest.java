package dev.convometer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service commands refuse bad input with one line and a non-zero status, before they touch Kafka. */
class CommandErrorsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ConvoMeter.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String firstErrorLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    void shouldRefuseUnknownOptionWhenLocalStarts() {
        assertThat(run("local", "--partition", "3")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("convo-meter local: unknown option --partition");
    }

    @Test
    void shouldRefuseZeroPartitionsWhenLocalStarts() {
        assertThat(run("local", "--partitions", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).contains("--partitions");
    }

    @Test
    void shouldNameTheFileWhenLocalInputIsMissing() {
        Path missing = dir.resolve("missing.jsonl");
        assertThat(run("local", "--input", missing.toString())).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("convo-meter local: cannot read input file " + missing + ": no such file");
    }

    @Test
    void shouldNameTheFileWhenPublishInputIsMissing() {
        Path missing = dir.resolve("missing.jsonl");
        assertThat(run("publish", "--input", missing.toString())).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("convo-meter publish: cannot read input file " + missing + ": no such file");
    }

    @Test
    void shouldRefuseMissingConfigFileWhenRunStarts() {
        assertThat(run("run", "--config", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter run: ").contains("nope.properties");
    }

    @Test
    void shouldRefuseBadPortWhenRunStarts() {
        assertThat(run("run", "--http-port", "http")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter run: ").contains("http.port");
    }
}
