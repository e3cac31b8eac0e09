package dev.convometer.app.service;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming service's lifecycle: the billing topology on a Kafka cluster, one log line per state change, a
 * periodic progress line, and a bounded close. An uncaught stream error is logged with its cause and shuts the
 * client down, so that the process exits non-zero instead of hanging.
 */
public final class BillingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);

    private final ServiceConfig config;
    private final BillingCounters counters;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "convo-meter-progress");
        thread.setDaemon(true);
        return thread;
    });

    public BillingService(ServiceConfig config, BillingCounters counters) {
        this.config = config;
        this.counters = counters;
        Topics topics = new Topics(config.topics(), RegistrySettings.connect(config));
        Properties props = config.streamsProperties();
        props.putAll(BillingTopology.streamsConfig(topics, counters));
        this.streams = new KafkaStreams(BillingTopology.build(topics, config.billing(), counters), props);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public void start() {
        streams.setStateListener((now, before) -> {
            LOG.info("state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("stream processing failed, shutting down: {}", rootCause(exception), exception);
            failure.compareAndSet(null, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        LOG.info("starting application.id={} bootstrap.servers={} processing.guarantee={} topics={}", config.applicationId(),
                config.bootstrapServers(), config.streamsProperties().getProperty("processing.guarantee"), config.topics());
        streams.start();
        long every = config.progressInterval().toMillis();
        progress.scheduleAtFixedRate(logFailures(this::logProgress), every, every, TimeUnit.MILLISECONDS);
    }

    /** A task that throws in {@code scheduleAtFixedRate} silently cancels every later run: log its failure instead. */
    static Runnable logFailures(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("progress logging failed: {}", e.toString(), e);
            }
        };
    }

    /** Blocks until the client stopped (closed, or failed); true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failure.get() != null || streams.state() == KafkaStreams.State.ERROR;
    }

    public Throwable failure() {
        return failure.get();
    }

    /** True once the client stopped (closed, or failed); never blocks. */
    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** One line on why it stopped: the failure's telling cause, or the client's state. */
    public String stopReason() {
        Throwable error = failure.get();
        return error != null ? rootCause(error) : "state " + streams.state();
    }

    public void logProgress() {
        long events = 0;
        for (EventKind kind : EventKind.values()) {
            events += counters.events(kind);
        }
        long opened = 0;
        for (Category category : Category.values()) {
            opened += counters.opened(category);
        }
        LOG.info("progress: state={} events={} conversations_opened={} billable={} rejected={} dead_letters={} duplicates={}"
                        + " late={} voided={} withdrawn={} lag={}",
                streams.state(), events, opened, counters.billable(), counters.rejected(), counters.deadLetters(),
                counters.duplicates(), counters.lateEvents(), counters.voided(), counters.withdrawn(), lag());
    }

    /** Records the main consumers still have to read (restore consumers excluded). */
    private long lag() {
        double lag = 0;
        for (var entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && !name.tags().getOrDefault("client-id", "").contains("restore")) {
                Object value = ((Metric) entry.getValue()).metricValue();
                if (value instanceof Double d && !d.isNaN()) {
                    lag += d;
                }
            }
        }
        return (long) lag;
    }

    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * A dynamic member leaves its group, so that its partitions go to the others (or to its restart) at once instead
     * of after the session timeout; a static member stays, so that its restart with the same instance.id gets them back
     * without a rebalance.
     */
    void close(Duration timeout) {
        progress.shutdownNow();
        CloseOptions options = CloseOptions.timeout(timeout).withGroupMembershipOperation(config.staticMembership()
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) {
            LOG.warn("Kafka Streams did not close within {}", timeout);
        }
        stopped.countDown();
    }

    /** The deepest cause that says something (a bare ClosedChannelException under a registry error says little). */
    private static String rootCause(Throwable error) {
        Throwable telling = error;
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                telling = cause;
            }
        }
        return telling.getClass().getSimpleName() + ": " + telling.getMessage();
    }
}
