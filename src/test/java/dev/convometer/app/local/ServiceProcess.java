package dev.convometer.app.local;

import dev.convometer.app.cli.ConvoMeter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code convo-meter run --config FILE} in a child JVM, as it runs in production: killed, terminated, restarted. */
final class ServiceProcess {
    static final String RUNNING = "state REBALANCING -> RUNNING";

    private final Process process;
    private final Path log;
    private final long started = System.nanoTime();

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the service with {@code config}, its output in {@code log}. */
    static ServiceProcess start(Path config, Path log) throws IOException {
        return new ServiceProcess(ChildJvm.start(log.getParent(), log, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
                ConvoMeter.class.getName(), List.of("run", "--config", config.toString())), log);
    }

    /** Waits until the service's log has a line containing {@code text}; returns the time since the process started. */
    Duration awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + " before logging '" + text + "'; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service did not log '" + text + "' within " + timeout + "; see " + log);
            }
            process.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the service exits
        }
        return sinceStart();
    }

    /** Lets the service work for {@code millis}; fails if it exits meanwhile. */
    void runFor(long millis) throws InterruptedException {
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("service exited with " + process.exitValue() + "; see " + log);
        }
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** SIGKILL: no close, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM; returns the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException("service did not exit within " + timeout + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** Kills the service if it still runs (a failed test). */
    void destroy() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
