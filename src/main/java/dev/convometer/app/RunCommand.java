package dev.convometer.app;

import dev.convometer.topology.BillingCounters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code run [--config FILE] [--http-port N]}: the streaming service against a Kafka cluster, until SIGTERM. */
final class RunCommand {
    static final String USAGE = "usage: convo-meter run [--config FILE] [--http-port PORT]";
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final Set<String> OPTIONS = Set.of("--config", "--http-port");

    private RunCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ServiceConfig config;
        try {
            CommandLine options = new CommandLine(args, OPTIONS);
            String file = options.optional("--config");
            config = ServiceConfig.load(file == null ? null : Path.of(file), System.getenv());
            if (options.optional("--http-port") != null) {
                config = config.with("http.enabled", "true").with("http.port", options.optional("--http-port"));
            }
        } catch (CommandLine.UsageException | ServiceConfig.Invalid e) {
            err.println("convo-meter run: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        config.warnings().forEach(LOG::warn);
        return serve(config, new BillingCounters(), err);
    }

    /** Runs the service (and its HTTP endpoint) until it stops; SIGTERM closes it within the shutdown timeout. */
    static int serve(ServiceConfig config, BillingCounters counters, PrintStream err) {
        try (BillingService service = new BillingService(config, counters)) {
            Thread hook = new Thread(() -> {
                LOG.info("shutdown requested, closing within {}", config.shutdownTimeout());
                service.close();
            }, "convo-meter-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            service.start();
            try (HttpEndpoint http = config.httpPort() >= 0 ? HttpEndpoint.start(config.httpPort(), service.streams(), counters) : null) {
                if (http != null) {
                    LOG.info("health and metrics on http://0.0.0.0:{}/health and /metrics", http.port());
                }
                boolean failed = service.awaitStop();
                if (failed) {
                    err.println("convo-meter: stream processing failed: " + service.failure());
                    return 1;
                }
                return 0;
            }
        } catch (Exception e) {
            err.println("convo-meter: " + e.getMessage());
            LOG.error("service failed", e);
            return 1;
        }
    }
}
