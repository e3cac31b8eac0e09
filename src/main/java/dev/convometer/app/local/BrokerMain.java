package dev.convometer.app.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * The local broker JVM's main class; arguments: cluster id, path of {@code server.properties}. Formats
 * the log directory through {@code StorageTool.execute} (its {@code main} would exit the JVM), then
 * runs {@code kafka.Kafka}: one JVM start instead of two. Exits (running Kafka's own shutdown hook)
 * once its standard input closes, which happens when the parent JVM dies, even by SIGKILL.
 */
public final class BrokerMain {
    /** The exit status when formatting the log directory failed. */
    static final int FORMAT_FAILED = 3;
    /** How long the broker may take to stop once its parent is gone, before it halts. */
    private static final Duration STOP_TIMEOUT = BrokerProcess.STOP_TIMEOUT;

    private BrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain CLUSTER_ID SERVER_PROPERTIES");
            System.exit(2);
        }
        exitWhenParentDies();
        ignoreTerminalInterrupt();
        int formatted;
        try {
            formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", args[0], "--config", args[1]}, System.out);
        } catch (Exception e) {
            e.printStackTrace();
            formatted = 1;
        }
        if (formatted != 0) {
            System.err.println("LocalKafka: formatting the log directory failed with code " + formatted);
            System.exit(FORMAT_FAILED);
        }
        kafka.Kafka.main(new String[] {args[1]});
    }

    /**
     * Ctrl-C in a terminal sends SIGINT to the parent and to this JVM alike; the parent stops its
     * own clients, then this broker (SIGTERM), so that they do not lose the broker while closing.
     * Kafka logs the signal and then calls this handler, which does nothing.
     */
    private static void ignoreTerminalInterrupt() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ignore = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "handle" -> {
                            System.err.println("LocalKafka: SIGINT ignored, the parent process stops this broker");
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        case "toString" -> "LocalKafka SIGINT handler";
                        default -> null;
                    });
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance("INT"), ignore);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("LocalKafka: cannot ignore SIGINT: " + e);
        }
    }

    private static void exitWhenParentDies() {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // the parent never writes; wait for end of file
                }
            } catch (IOException ignored) {
                // treat a broken pipe as the parent being gone
            }
            System.err.println("LocalKafka: parent process gone, shutting down the broker");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(STOP_TIMEOUT.toMillis());
                } catch (InterruptedException ignored) {
                    // halt now
                }
                Runtime.getRuntime().halt(1);
            }, "local-kafka-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "local-kafka-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
