package dev.convometer.app.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local broker's child JVM ({@link BrokerMain}): starts it, waits until it serves, tells why it failed (from its
 * {@link BrokerLog}), and stops it.
 */
final class BrokerProcess {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProcess.class);
    private static final String HEAP = "-Xmx512m";

    /** The broker exited because another process took one of its ports first. */
    static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final BrokerLog log;

    private BrokerProcess(Process process, BrokerLog log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the broker JVM in {@code directory}, its output going to {@code log}. */
    static BrokerProcess start(Path directory, BrokerLog log, String clusterId, Path config) throws IOException {
        Process process = ChildJvm.start(directory, log.file(), List.of(HEAP,
                "-XX:+ExitOnOutOfMemoryError",
                // C1 only: halves the CPU a start costs (about 5.5 s to 2.7 s here) and, on two cores, the
                // broker's total CPU over its first minutes; 1M-record transactional produce rates matched
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                // the project's simplelogger.properties keeps this JVM at WARN; the broker's log is a file of its own
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"),
                BrokerMain.class.getName(), List.of(clusterId, config.toString()));
        return new BrokerProcess(process, log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code timeout} for the broker to exit; true if it has (an unexpected exit while it should serve). */
    boolean exitedWithin(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Waits until the broker's listener accepts connections, so the admin client does not log refused ones. */
    void awaitPort(String host, int port, long deadline) throws IOException, InterruptedException {
        while (true) {
            checkAlive();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() >= deadline) {
                    throw log.failure("The Kafka broker did not open port " + port + " in time");
                }
            }
            // pause before the next probe, returning early if the broker exits
            process.waitFor(Math.min(50_000_000L, Math.max(1, remaining(deadline))), TimeUnit.NANOSECONDS);
        }
    }

    /** Waits until the broker answers {@code admin} with its cluster. */
    void awaitCluster(Admin admin, long deadline) throws IOException, InterruptedException {
        Exception last = null;
        while (true) {
            checkAlive();
            long remaining = remaining(deadline);
            if (remaining <= 0) {
                throw log.failure("The Kafka broker did not answer in time" + (last == null ? "" : " (last error: " + last + ")"));
            }
            int timeoutMs = (int) Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(remaining)));
            try {
                Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes().get();
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            String message = process.exitValue() == BrokerMain.FORMAT_FAILED
                    ? "Formatting the Kafka log directory failed"
                    : "The Kafka broker exited during startup with code " + process.exitValue();
            List<String> lines = log.lines();
            if (BrokerLog.portTaken(lines)) {
                throw new PortTakenException(message + "; " + log.excerpt(lines));
            }
            throw new IOException(message + "; " + log.excerpt(lines));
        }
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    /** Stops the broker: SIGTERM, up to 30 s for Kafka's graceful shutdown, then SIGKILL. Returns whether interrupted. */
    boolean stop() {
        boolean interrupted = false;
        process.destroy();
        try {
            process.getOutputStream().close(); // the broker's stdin pipe: its watchdog exits the JVM too
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Local Kafka broker (pid {}) did not stop in {} s, killing it", process.pid(), STOP_TIMEOUT.toSeconds());
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Local Kafka broker (pid {}) still running after SIGKILL", process.pid());
        }
        return interrupted;
    }
}
