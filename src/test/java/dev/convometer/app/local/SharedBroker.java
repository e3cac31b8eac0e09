package dev.convometer.app.local;

import dev.convometer.app.service.ServiceConfig;
import dev.convometer.topology.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real KRaft broker for the broker-backed test classes of a test run, started on first use and stopped when the
 * JVM exits; each test takes fresh topics, application id and registry scope, so tests never see each other's records.
 */
final class SharedBroker {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static LocalKafka kafka;

    private SharedBroker() {
    }

    static synchronized LocalKafka kafka() throws Exception {
        if (kafka == null) {
            LocalKafka started = LocalKafka.start(Duration.ofSeconds(120));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-broker-stop"));
            kafka = started;
        }
        return kafka;
    }

    /** The service against the shared broker: its own application id, registry scope, state and topics (prefixed). */
    static ServiceConfig freshConfig(String name, Path stateDir) throws Exception {
        String run = name + RUNS.incrementAndGet();
        ServiceConfig config = ServiceConfig.load(null, Map.of())
                .with("bootstrap.servers", kafka().bootstrapServers())
                .with("application.id", "convo-meter-" + run)
                .with("schema.registry.url", "mock://live-" + run)
                .with("state.dir", stateDir.toString())
                .with("http.enabled", "false");
        for (String topic : TopicNames.DEFAULTS.all()) {
            config = config.with("topic." + topic, run + "-" + topic);
        }
        return config;
    }
}
