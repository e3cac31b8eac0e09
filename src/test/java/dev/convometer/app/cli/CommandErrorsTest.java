package dev.convometer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service commands refuse bad input with one line and a non-zero status, before they touch Kafka, and fail so when Kafka fails them. */
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
        assertThat(firstErrorLine()).startsWith("convo-meter local: unknown option --partition; usage: convo-meter local ");
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
    void shouldRefuseRateCardWithoutCountryMarketsWhenLocalStarts() {
        assertThat(run("local", "--rate-card", dir.resolve("rate-card.csv").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first(InstanceOfAssertFactories.STRING)
                .startsWith("convo-meter local: pricing needs the country-market table: --country-markets FILE; usage: convo-meter local ");
    }

    @Test
    void shouldRefusePricedOutputWithoutCountryMarketsWhenLocalStarts() {
        assertThat(run("local", "--priced-messages", dir.resolve("priced.jsonl").toString())).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter local: pricing needs the country-market table");
    }

    @Test
    void shouldFailWithOneLineNamingFileAndLineWhenLocalGetsABadRateCardLine() throws Exception {
        Path markets = Files.writeString(dir.resolve("country-markets.csv"), "effective_from,country,market\n,GB,United Kingdom\n");
        Path card = Files.writeString(dir.resolve("rate-card.csv"), "rate_card_version,effective_from,currency,market,pricing_model,"
                + "category,tier_from,tier_to,rate\nV1,2025-07-01,USD,United Kingdom,PMP,marketing,,,0.05\n"
                + "V1,2025-07-01,USD,United Kingdom,PMP,utility,,,1.2345678\n");

        int status = run("local", "--rate-card", card.toString(), "--country-markets", markets.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).as("one line, before any broker starts").hasSize(1).first(InstanceOfAssertFactories.STRING)
                .startsWith("convo-meter local: " + card + " line 3: ");
    }

    @Test
    void shouldRefusePublishWithNeitherInputNorAccounts() {
        assertThat(run("publish")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter publish: missing option --input (or --accounts); usage: convo-meter publish ");
    }

    @Test
    void shouldNameTheFileWhenPublishInputIsMissing() {
        Path missing = dir.resolve("missing.jsonl");
        assertThat(run("publish", "--input", missing.toString())).isEqualTo(1);
        assertThat(firstErrorLine()).isEqualTo("convo-meter publish: cannot read input file " + missing + ": no such file");
    }

    @Test
    void shouldFailWithOneLineNamingTheTopicWithinHalfAMinuteWhenPublishCannotReachKafka() throws Exception {
        Path traffic = Files.writeString(dir.resolve("traffic.jsonl"), "{\"type\":\"inbound_message\",\"event_id\":\"i1\","
                + "\"business_id\":\"b1\",\"customer_id\":\"c1\",\"timestamp\":\"2024-05-01T01:00:00Z\"}\n");
        Path config = Files.writeString(dir.resolve("unreachable.properties"),
                "bootstrap.servers=127.0.0.1:1\nschema.registry.url=mock://publish-unreachable\n");

        // Kafka's defaults would wait a minute for metadata, then retry delivery for two
        int status = assertTimeoutPreemptively(Duration.ofSeconds(55),
                () -> run("publish", "--input", traffic.toString(), "--config", config.toString()));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().reduce((first, second) -> second).orElse(""))
                .startsWith("convo-meter publish: publishing to inbound-message failed: TimeoutException: ");
    }

    @Test
    void shouldRefuseMissingConfigFileWhenRunStarts() {
        assertThat(run("run", "--config", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter run: ").contains("nope.properties");
    }

    @Test
    void shouldRefuseBadPortWhenRunStarts() {
        assertThat(run("run", "--http-port", "http")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("convo-meter run: ").contains("--http-port");
        assertThat(run("run", "--http-port", "70000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().reduce((first, second) -> second).orElse(""))
                .startsWith("convo-meter run: ").contains("http.port");
    }
}
