package dev.convometer.app.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health and metrics over HTTP on all interfaces: {@code GET /health} answers 200 while Kafka Streams is RUNNING or
 * REBALANCING and 503 otherwise, with the state as JSON; {@code GET /metrics} is the Prometheus text format, with the
 * Kafka Streams client metrics and the billing counters.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    // Scrapes and probes are short; two threads keep one slow scrape from blocking a health probe.
    private static final int THREADS = 2;
    // Seconds close() waits for exchanges in flight, so shutdown stays bounded.
    private static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final PrometheusMeterRegistry registry;
    // Micrometer's function counters hold their object weakly: once collected, they would freeze at the last value.
    private final BillingCounters counters;

    private HttpEndpoint(HttpServer server, ExecutorService executor, KafkaStreamsMetrics kafkaMetrics,
                         PrometheusMeterRegistry registry, BillingCounters counters) {
        this.server = server;
        this.executor = executor;
        this.kafkaMetrics = kafkaMetrics;
        this.registry = registry;
        this.counters = counters;
    }

    /** Serves on {@code port} (0: any free port, see {@link #port()}). */
    public static HttpEndpoint start(int port, KafkaStreams streams, BillingCounters counters) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams);
        HttpServer server;
        try {
            kafkaMetrics.bindTo(registry);
            bindCounters(registry, counters);
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException | RuntimeException e) {
            kafkaMetrics.close();
            registry.close();
            throw e;
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        // One context for every path: a context matches by prefix, and /healthz must be a 404.
        server.createContext("/", exchange -> handle(exchange, streams, registry));
        server.start();
        return new HttpEndpoint(server, executor, kafkaMetrics, registry, counters);
    }

    /** The port it listens on, the chosen one when started with 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
        kafkaMetrics.close();
        registry.close();
    }

    /** A billing counter that is one total: its Prometheus name (dots for underscores), its help, its value. */
    private record Total(String name, String description, ToDoubleFunction<BillingCounters> value) {
    }

    private static final List<Total> TOTALS = List.of(
            new Total("convo.meter.billable.conversations", "Billable conversations opened", BillingCounters::billable),
            new Total("convo.meter.sends.rejected", "Free-form sends rejected outside the customer service window",
                    BillingCounters::rejected),
            new Total("convo.meter.dead.letters", "Input records sent to the dead-letter topic", BillingCounters::deadLetters),
            new Total("convo.meter.duplicates.dropped", "Events dropped as duplicates (D-DEDUP)", BillingCounters::duplicates),
            new Total("convo.meter.late.events", "Events that came before an event of their pair already applied, and"
                    + " corrected it (L-CORRECT)", BillingCounters::lateEvents),
            new Total("convo.meter.conversations.voided", "Conversations taken back by corrections (conversation-voided)",
                    BillingCounters::voided),
            new Total("convo.meter.rejections.withdrawn", "Rejected sends taken back by corrections (rejection-withdrawn)",
                    BillingCounters::withdrawn),
            new Total("convo.meter.too.late", "Events dead-lettered as too late to correct (L-TOO-LATE), also counted as"
                    + " dead letters", BillingCounters::tooLate),
            new Total("convo.meter.expired.entries.freed", "Expired state entries freed by punctuation",
                    BillingCounters::expiredFreed));

    private static void bindCounters(MeterRegistry registry, BillingCounters counters) {
        for (EventKind kind : EventKind.values()) {
            counter("convo.meter.events", "Events billing took in, duplicates included", counters,
                    c -> c.events(kind)).tag("type", kind.wireName()).register(registry);
        }
        for (Category category : Category.values()) {
            counter("convo.meter.conversations.opened", "Conversations opened", counters,
                    c -> c.opened(category)).tag("category", category.wireName()).register(registry);
        }
        for (Total total : TOTALS) {
            counter(total.name(), total.description(), counters, total.value()).register(registry);
        }
    }

    private static FunctionCounter.Builder<BillingCounters> counter(String name, String description,
                                                                     BillingCounters counters,
                                                                     ToDoubleFunction<BillingCounters> value) {
        return FunctionCounter.builder(name, counters, value).description(description);
    }

    private static void handle(HttpExchange exchange, KafkaStreams streams, PrometheusMeterRegistry registry)
            throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/health") && !path.equals("/metrics")) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: GET /health or /metrics\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: GET only\n");
            } else if (path.equals("/health")) {
                KafkaStreams.State state = streams.state();
                int status = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING ? 200 : 503;
                respond(exchange, status, "application/json", "{\"state\":\"" + state + "\"}\n");
            } else {
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape(PROMETHEUS_TEXT));
            }
        } catch (RuntimeException e) {
            // The server would drop the connection without a word; say why, to the log and to the caller.
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (exchange.getResponseCode() == -1) {
                respond(exchange, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
            }
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "convo-meter-http-" + count.incrementAndGet());
            // Never keeps the JVM alive on its own: shutdown belongs to the run command.
            thread.setDaemon(true);
            return thread;
        };
    }
}
