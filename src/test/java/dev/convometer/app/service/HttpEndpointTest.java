package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.CountersFixture;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** /health and /metrics over real HTTP, for a real KafkaStreams instance that is never started (no broker needed). */
class HttpEndpointTest {

    /** A real instance whose reported state a test can pin, to reach the states that need a broker, or make fail. */
    private static final class PinnedStateStreams extends KafkaStreams {
        private volatile State pinned;
        private volatile RuntimeException failure;

        PinnedStateStreams(Properties props) {
            super(topology(), props);
        }

        private static Topology topology() {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("inbound-message");
            return builder.build();
        }

        @Override
        public State state() {
            RuntimeException thrown = failure;
            if (thrown != null) {
                throw thrown;
            }
            State state = pinned;
            return state == null ? super.state() : state;
        }
    }

    @TempDir
    static Path stateDir;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static PinnedStateStreams streams;
    private static BillingCounters counters;
    private static HttpEndpoint endpoint;

    @BeforeAll
    static void startEndpoint() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "http-endpoint-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new PinnedStateStreams(props);

        counters = new BillingCounters();
        CountersFixture.events(counters, EventKind.INBOUND_MESSAGE, 3);
        CountersFixture.events(counters, EventKind.OUTBOUND_SEND, 5);
        CountersFixture.opened(counters, Category.UTILITY, 2);
        CountersFixture.opened(counters, Category.FREE_ENTRY_POINT, 1);
        CountersFixture.rejected(counters, 4);
        CountersFixture.duplicates(counters, 6);
        CountersFixture.deadLetters(counters, 7);
        CountersFixture.expiredFreed(counters, 8);
        CountersFixture.late(counters, 9);
        CountersFixture.voided(counters, 10);
        CountersFixture.withdrawn(counters, 11);
        CountersFixture.tooLate(counters, 12);

        endpoint = HttpEndpoint.start(0, streams, counters);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
    }

    @AfterEach
    void unpinState() {
        streams.pinned = null;
        streams.failure = null;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer503WhenStreamsNotRunning() throws Exception {
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);

        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body().trim()).isEqualTo("{\"state\":\"CREATED\"}");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"RUNNING", "REBALANCING"})
    void shouldAnswer200WhileRunningOrRebalancing(KafkaStreams.State state) throws Exception {
        streams.pinned = state;

        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().trim()).isEqualTo("{\"state\":\"" + state + "\"}");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"PENDING_SHUTDOWN", "NOT_RUNNING", "PENDING_ERROR", "ERROR"})
    void shouldAnswer503WhenStoppingOrFailed(KafkaStreams.State state) throws Exception {
        streams.pinned = state;

        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body().trim()).isEqualTo("{\"state\":\"" + state + "\"}");
    }

    @Test
    void shouldAnswer500WhenAHandlerFails() throws Exception {
        streams.failure = new IllegalStateException("state unavailable");

        HttpResponse<String> response = send("GET", "/health");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("state unavailable");
    }

    @Test
    void shouldServeProjectCountersInPrometheusTextFormat() throws Exception {
        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body().lines()).contains(
                "convo_meter_events_total{type=\"inbound_message\"} 3.0",
                "convo_meter_events_total{type=\"ad_click\"} 0.0",
                "convo_meter_events_total{type=\"outbound_send\"} 5.0",
                "convo_meter_conversations_opened_total{category=\"utility\"} 2.0",
                "convo_meter_conversations_opened_total{category=\"free_entry_point\"} 1.0",
                "convo_meter_conversations_opened_total{category=\"marketing\"} 0.0",
                "convo_meter_billable_conversations_total 2.0",
                "convo_meter_sends_rejected_total 4.0",
                "convo_meter_duplicates_dropped_total 6.0",
                "convo_meter_dead_letters_total 7.0",
                "convo_meter_expired_entries_freed_total 8.0",
                "convo_meter_late_events_total 9.0",
                "convo_meter_conversations_voided_total 10.0",
                "convo_meter_rejections_withdrawn_total 11.0",
                "convo_meter_too_late_total 12.0",
                "# TYPE convo_meter_conversations_voided_total counter",
                "# TYPE convo_meter_events_total counter");
    }

    @Test
    void shouldReadCountersAtScrapeTime() throws Exception {
        BillingCounters fresh = new BillingCounters();
        try (HttpEndpoint other = HttpEndpoint.start(0, streams, fresh)) {
            String path = "http://127.0.0.1:" + other.port() + "/metrics";
            HttpRequest scrape = HttpRequest.newBuilder(URI.create(path)).build();
            assertThat(HTTP.send(scrape, HttpResponse.BodyHandlers.ofString()).body().lines())
                    .contains("convo_meter_sends_rejected_total 0.0");

            CountersFixture.rejected(fresh, 2);

            assertThat(HTTP.send(scrape, HttpResponse.BodyHandlers.ofString()).body().lines())
                    .contains("convo_meter_sends_rejected_total 2.0");
        }
    }

    @Test
    void shouldServeKafkaStreamsClientMetrics() throws Exception {
        HttpResponse<String> response = send("GET", "/metrics");

        assertThat(response.body().lines())
                .anySatisfy(line -> assertThat(line).startsWith("kafka_stream_"));
    }

    @Test
    void shouldAnswer404ForUnknownPath() throws Exception {
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/metrics/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer405ForOtherMethods() throws Exception {
        HttpResponse<String> post = send("POST", "/health");
        HttpResponse<String> delete = send("DELETE", "/metrics");

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldIgnoreQueryString() throws Exception {
        assertThat(send("GET", "/health?verbose=1").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldFailToStartOnAPortInUse() {
        assertThatThrownBy(() -> HttpEndpoint.start(endpoint.port(), streams, counters))
                .isInstanceOf(BindException.class);
    }

    @Test
    void shouldStopServingOnClose() throws Exception {
        HttpEndpoint other = HttpEndpoint.start(0, streams, new BillingCounters());
        URI health = URI.create("http://127.0.0.1:" + other.port() + "/health");
        assertThat(HTTP.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(503);

        other.close();

        // a fresh client: the shared one may hold a kept-alive connection the server has already dropped
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
