package dev.convometer.app.local;

import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.TrafficGenerator;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.ConfluentRegistryServer;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (Surefire does not pick it up by its name): measures how long the service takes to bill again after a
 * restart with many live pairs, as the README reports. Run it with
 * {@code mvn -B test -Dtest=RestoreTimeMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure.pairs=1000000 -Dmeasure.events=4000000}.
 * It bills the generated traffic on a real broker under exactly-once, then restarts the service three ways: after
 * SIGKILL with its state directory, after SIGKILL with the state directory deleted, and after SIGTERM; each time it
 * prints the time from process start to RUNNING and what the service restored from the changelogs.
 */
class RestoreTimeMeasurement {
    private static final Pattern RESTORED = Pattern.compile("restored store (\\S+) from \\S+: (\\d+) records in (\\d+) ms");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    @Test
    void measureRestartTimesWithManyLivePairs() throws Exception {
        int pairs = Integer.getInteger("measure.pairs", 100_000);
        long events = Long.getLong("measure.events", 400_000);
        String partitions = System.getProperty("measure.partitions", "3");
        Path traffic = dir.resolve("traffic.jsonl");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(traffic, StandardCharsets.UTF_8), 1 << 16)) {
            new TrafficGenerator(pairs, events, 1).writeTo(out);
        }
        System.out.printf("measure: %d events, %d distinct pairs (all live: the traffic spans less than the correction horizon)%n",
                events, distinctPairs(traffic));
        try (LocalKafka kafka = LocalKafka.start(Duration.ofSeconds(120)); ConfluentRegistryServer registry = ConfluentRegistryServer.start()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("bootstrap.servers", kafka.bootstrapServers());
            settings.put("application.id", "convo-meter-measure");
            settings.put("schema.registry.url", registry.url());
            settings.put("state.dir", dir.resolve("state").toString());
            settings.put("http.enabled", "false");
            settings.put("instance.id", "measure-0");
            System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("measure.config."))
                    .forEach(name -> settings.put(name.substring("measure.config.".length()), System.getProperty(name)));
            ServiceConfig config = ServiceConfig.load(null, Map.of());
            for (var setting : settings.entrySet()) {
                config = config.with(setting.getKey(), setting.getValue());
            }
            kafka.createTopics(Integer.parseInt(partitions), config.topics().all());
            Path file = dir.resolve("service.properties");
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "RestoreTimeMeasurement");
            }
            Process publish = ChildJvm.start(dir, dir.resolve("publish.log"), List.of("-Xmx6g"), ConvoMeter.class.getName(),
                    List.of("publish", "--input", traffic.toString(), "--config", file.toString()));
            if (!publish.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES) || publish.exitValue() != 0) {
                throw new IllegalStateException("publish failed; see " + dir.resolve("publish.log"));
            }
            Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
            try (CommittedOutputs live = new CommittedOutputs(config, topics)) {
                ServiceProcess first = ServiceProcess.start(file, dir.resolve("first.log"));
                try {
                    System.out.printf("measure: first start RUNNING after %d ms%n", first.awaitLog(ServiceProcess.RUNNING, TIMEOUT).toMillis());
                    while (!live.inputsCommitted()) {
                        first.runFor(500);
                    }
                    System.out.printf("measure: all input committed %d s after start%n", first.sinceStart().toSeconds());
                } finally {
                    first.kill();
                }
                restart("after SIGKILL, state directory kept", file, null);
                ServiceProcess wiped = restart("after SIGKILL, state directory deleted", file, dir.resolve("state"));
                wiped.terminate(Duration.ofMinutes(2));
                restart("after SIGTERM", file, null).terminate(Duration.ofMinutes(2));
            }
        }
    }

    /** Starts the service (after deleting {@code deleteFirst} if given), prints its restart figures; kills it unless returned running. */
    private ServiceProcess restart(String what, Path config, Path deleteFirst) throws Exception {
        if (deleteFirst != null) {
            Utils.delete(deleteFirst.toFile());
        }
        Path log = dir.resolve("restart-" + what.replaceAll("\\W+", "-") + ".log");
        ServiceProcess service = ServiceProcess.start(config, log);
        Duration running = service.awaitLog(ServiceProcess.RUNNING, TIMEOUT);
        long records = 0;
        Set<String> stores = new HashSet<>();
        OffsetDateTime firstRestoring = null;
        OffsetDateTime lastRestored = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                stores.add(m.group(1));
                records += Long.parseLong(m.group(2));
                lastRestored = OffsetDateTime.parse(line.substring(0, line.indexOf(' ')), LOG_TIME);
            } else if (line.contains("restoring store") && firstRestoring == null) {
                firstRestoring = OffsetDateTime.parse(line.substring(0, line.indexOf(' ')), LOG_TIME);
            }
        }
        System.out.printf("measure: restart %s: RUNNING after %d ms; restored %d changelog records into %s in %s%n", what,
                running.toMillis(), records, stores,
                firstRestoring == null || lastRestored == null ? "-" : Duration.between(firstRestoring, lastRestored));
        if (what.contains("SIGKILL, state directory kept")) {
            service.kill();
        }
        return service;
    }

    private static long distinctPairs(Path traffic) throws IOException {
        Set<String> pairs = new HashSet<>();
        Pattern pair = Pattern.compile("\"business_id\":\"([^\"]*)\",\"customer_id\":\"([^\"]*)\"");
        try (Stream<String> lines = Files.lines(traffic)) {
            lines.forEach(line -> {
                Matcher m = pair.matcher(line);
                if (m.find()) {
                    pairs.add(m.group(1) + '/' + m.group(2));
                }
            });
        }
        return pairs.size();
    }
}
