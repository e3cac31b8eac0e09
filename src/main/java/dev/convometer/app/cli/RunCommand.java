package dev.convometer.app.cli;

import dev.convometer.app.service.BillingService;
import dev.convometer.app.service.HttpEndpoint;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.topology.BillingCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run [--config FILE] [--http-port PORT]}: the streaming service against a Kafka cluster, until SIGTERM. */
@Command(name = "run", description = {"Run the billing service against a Kafka cluster, until SIGTERM.",
        "SIGTERM closes it within shutdown.timeout and exits 0; a failure of stream processing exits 1."})
final class RunCommand extends Subcommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption settings;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve /health and /metrics on PORT (0 picks a free one); turns the HTTP endpoint on.")
    Integer httpPort;

    RunCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        ServiceConfig config = settings.load();
        if (httpPort != null) {
            try {
                config = config.with("http.enabled", "true").with("http.port", httpPort.toString());
            } catch (ServiceConfig.Invalid e) {
                throw Cli.usage(spec, e.getMessage());
            }
        }
        config.warnings().forEach(LOG::warn);
        return serve(config, new BillingCounters(), err);
    }

    /**
     * Runs the service (and its HTTP endpoint) until it stops; SIGTERM closes it within the shutdown timeout, and the
     * process then exits with the service's own status (0 after a clean close) rather than the JVM's 143.
     */
    static int serve(ServiceConfig config, BillingCounters counters, PrintStream err) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        try (BillingService service = new BillingService(config, counters)) {
            Thread hook = new Thread(() -> {
                LOG.info("shutdown requested, closing within {}", config.shutdownTimeout());
                service.close();
                exitWith(status, config.shutdownTimeout());
            }, "convo-meter-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                status.complete(serveUntilStopped(config, service, counters, err));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it exits with the status completed here
                }
            }
        } catch (Exception e) {
            err.println("convo-meter: " + e.getMessage());
            LOG.error("service failed", e);
            status.complete(1);
        }
        return status.join();
    }

    private static int serveUntilStopped(ServiceConfig config, BillingService service, BillingCounters counters, PrintStream err)
            throws Exception {
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
    }

    /**
     * Once a signal started the JVM's shutdown, it exits with 128 + the signal's number whatever main returns, and
     * main's System.exit waits forever: halt with the status serve returns once the service closed.
     */
    private static void exitWith(CompletableFuture<Integer> status, Duration timeout) {
        try {
            Runtime.getRuntime().halt(status.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            LOG.warn("service did not stop within {} after closing: exiting with the signal's status", timeout);
        }
    }
}
