package dev.convometer.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the REST client against an in-test HTTP server that answers like Confluent's registry. */
class RestSchemaRegistryTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/[^/]+/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Schema OUTBOUND = OutboundSend.getClassSchema();

    // Short backoffs so that tests of failures do not wait for the service's real ones.
    private static final RestSchemaRegistry.Retry FAST =
            new RestSchemaRegistry.Retry(5, Duration.ofMillis(10), Duration.ofSeconds(30));

    private record Request(
            String method, String rawPath, String contentType, String body, String authorization, long nanos) {}

    private record Answer(int status, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(100);
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private volatile Answer forced;
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = startServer(this::handle);
        url = url(server);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    private HttpServer startServer(HttpHandler handler) throws IOException {
        HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        started.createContext("/", handler);
        // A thread per exchange, like a real registry: one slow answer must not hold up the others.
        started.setExecutor(Executors.newCachedThreadPool());
        started.start();
        servers.add(started);
        return started;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The client {@link SchemaRegistry#forUrl} builds, with short backoffs and a clock the test moves. */
    private static SchemaRegistry registry(
            List<String> urls, RegistryCredentials credentials, RestSchemaRegistry.Retry retry, AtomicLong clock) {
        return new CachingSchemaRegistry(
                new RestSchemaRegistry(urls, credentials, retry),
                CachingSchemaRegistry.REMEMBER_NOT_FOUND,
                clock::get);
    }

    private SchemaRegistry registry(RestSchemaRegistry.Retry retry) {
        return registry(List.of(url), RegistryCredentials.NONE, retry, new AtomicLong());
    }

    private SchemaRegistry registry() {
        return registry(FAST);
    }

    @Test
    void shouldRegisterWithConfluentRequest() throws IOException {
        int id = SchemaRegistry.forUrl(url).register("outbound-sends-value", OUTBOUND);

        assertThat(id).isEqualTo(100);
        assertThat(requests).hasSize(1);
        Request request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/outbound-sends-value/versions");
        assertThat(request.contentType()).isEqualTo(CONTENT_TYPE);
        String sentSchema = JSON.readTree(request.body()).get("schema").textValue();
        assertThat(SchemaParser.parseSingle(sentSchema)).isEqualTo(OUTBOUND);
    }

    @Test
    void shouldReturnCachedIdWhenSameSchemaRegisteredTwice() {
        SchemaRegistry registry = SchemaRegistry.forUrl(url);

        int first = registry.register("outbound-sends-value", OUTBOUND);
        int second = registry.register("outbound-sends-value", OUTBOUND);

        assertThat(second).isEqualTo(first);
        assertThat(requests).hasSize(1);
    }

    @Test
    void shouldAskAgainForSameSchemaUnderAnotherSubject() {
        SchemaRegistry registry = SchemaRegistry.forUrl(url);

        int first = registry.register("outbound-sends-value", OUTBOUND);
        int second = registry.register("replayed-sends-value", OUTBOUND);

        assertThat(second).isEqualTo(first);
        assertThat(requests).extracting(Request::rawPath)
                .containsExactly(
                        "/subjects/outbound-sends-value/versions", "/subjects/replayed-sends-value/versions");
    }

    @Test
    void shouldFetchSchemaByIdOnce() {
        int id = SchemaRegistry.forUrl(url).register("outbound-sends-value", OUTBOUND);
        SchemaRegistry reader = SchemaRegistry.forUrl(url);

        assertThat(reader.schemaById(id)).isEqualTo(OUTBOUND);
        assertThat(reader.schemaById(id)).isEqualTo(OUTBOUND);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).method()).isEqualTo("GET");
        assertThat(requests.get(1).rawPath()).isEqualTo("/schemas/ids/" + id);
    }

    @Test
    void shouldUrlEncodeSubject() {
        SchemaRegistry.forUrl(url).register("orders eu/v1-value", OUTBOUND);

        assertThat(requests.get(0).rawPath()).isEqualTo("/subjects/orders%20eu%2Fv1-value/versions");
    }

    @Test
    void shouldUseFirstOfCommaSeparatedUrlsWhileItAnswers() {
        int id = SchemaRegistry.forUrl(url + "/, http://127.0.0.1:1").register("s-value", OUTBOUND);

        assertThat(id).isEqualTo(100);
        assertThat(requests).extracting(Request::rawPath).containsExactly("/subjects/s-value/versions");
    }

    @Test
    void shouldReportSchemaNotFoundWhenRegistryAnswersErrorCode40403() {
        assertThatThrownBy(() -> registry().schemaById(42))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("GET " + url + "/schemas/ids/42")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("error_code 40403: Schema 42 not found");
    }

    static Stream<Arguments> notRegistry404s() {
        return Stream.of(
                Arguments.of("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"),
                Arguments.of("<html>\n<head><title>404 Not Found</title></head>\n<body>nginx</body>\n</html>\n"),
                Arguments.of(""));
    }

    @ParameterizedTest
    @MethodSource("notRegistry404s")
    void shouldReportConfigurationErrorWhen404IsNotConfluentNotFound(String body) {
        forced = new Answer(404, body);

        assertThatThrownBy(() -> registry().schemaById(42))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("GET " + url + "/schemas/ids/42 answered HTTP 404")
                .hasMessageContaining("base URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(requests).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "PROTOBUF"})
    void shouldDeadLetterWhenSchemaIsNotAvro(String type) throws IOException {
        String schema = type.equals("JSON") ? "{\"type\":\"object\"}" : "syntax = \"proto3\"; message M {}";
        forced = new Answer(200, JSON.writeValueAsString(Map.of("schema", schema, "schemaType", type)));

        assertThatThrownBy(() -> registry().schemaById(7))
                .isInstanceOf(UnsupportedSchemaException.class)
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessage("Schema id 7 is a " + type + " schema, not Avro");
    }

    @Test
    void shouldDeadLetterWhenSchemaUsesReferences() throws IOException {
        String schema = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"c\",\"type\":\"com.acme.Customer\"}]}";
        List<Map<String, Object>> references =
                List.of(Map.of("name", "com.acme.Customer", "subject", "customer-value", "version", 1));
        forced = new Answer(200, JSON.writeValueAsString(Map.of("schema", schema, "references", references)));

        assertThatThrownBy(() -> registry().schemaById(7))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("schema references");
    }

    @Test
    void shouldAskOnceForUnknownIdUntilRememberTimeIsOver() {
        AtomicLong clock = new AtomicLong();
        SchemaRegistry registry = registry(List.of(url), RegistryCredentials.NONE, FAST, clock);

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> registry.schemaById(42)).isInstanceOf(SchemaNotFoundException.class);
        }
        assertThat(requests).hasSize(1);

        clock.addAndGet(CachingSchemaRegistry.REMEMBER_NOT_FOUND.toNanos());
        assertThatThrownBy(() -> registry.schemaById(42)).isInstanceOf(SchemaNotFoundException.class);
        assertThat(requests).hasSize(2);
    }

    @Test
    void shouldAskAgainAfterRegistryFailed() {
        SchemaRegistry registry = registry(new RestSchemaRegistry.Retry(1, Duration.ofMillis(10), Duration.ofSeconds(30)));
        int id = registry.register("s-value", OUTBOUND);
        forced = new Answer(503, "{\"error_code\":50301,\"message\":\"unavailable\"}");

        assertThatThrownBy(() -> registry.schemaById(id)).isInstanceOf(SchemaRegistryException.class);
        forced = null;

        assertThat(registry.schemaById(id)).isEqualTo(OUTBOUND);
    }

    @Test
    void shouldRetryWithGrowingBackoffAndSucceedWhenRegistryAnswers503Then429() {
        int id = registry().register("s-value", OUTBOUND);
        requests.clear();
        scripted.add(new Answer(503, "{\"error_code\":50301,\"message\":\"unavailable\"}"));
        scripted.add(new Answer(429, "{\"error_code\":429,\"message\":\"too many requests\"}"));

        Schema schema = registry(new RestSchemaRegistry.Retry(5, Duration.ofMillis(100), Duration.ofSeconds(30)))
                .schemaById(id);

        assertThat(schema).isEqualTo(OUTBOUND);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).nanos() - requests.get(0).nanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(requests.get(2).nanos() - requests.get(1).nanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void shouldGiveUpAfterAttemptBoundWhenRegistryKeepsFailing() {
        forced = new Answer(503, "{\"error_code\":50301,\"message\":\"unavailable\"}");

        assertThatThrownBy(
                        () -> registry(new RestSchemaRegistry.Retry(3, Duration.ofMillis(10), Duration.ofSeconds(30)))
                                .schemaById(7))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("GET " + url + "/schemas/ids/7 answered HTTP 503")
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(requests).hasSize(3);
    }

    @Test
    void shouldGiveUpWithinTimeBudgetWhenRegistryKeepsFailing() {
        forced = new Answer(503, "{\"error_code\":50301,\"message\":\"unavailable\"}");
        long start = System.nanoTime();

        assertThatThrownBy(
                        () -> registry(new RestSchemaRegistry.Retry(100, Duration.ofMillis(50), Duration.ofMillis(500)))
                                .schemaById(7))
                .hasMessageContaining("gave up after");

        // The backoffs alone, 50 + 100 + 200 + 400 ms, exceed the budget: at most 4 calls, far from 100.
        assertThat(requests).hasSizeBetween(1, 4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldFailOverToNextUrlWhenFirstRefusesConnections() throws IOException {
        HttpServer dead = startServer(exchange -> {});
        String deadUrl = url(dead);
        dead.stop(0);
        int id = registry().register("s-value", OUTBOUND);

        SchemaRegistry registry =
                registry(List.of(deadUrl, url), RegistryCredentials.NONE, FAST, new AtomicLong());

        assertThat(registry.schemaById(id)).isEqualTo(OUTBOUND);
    }

    @Test
    void shouldFailOverToNextUrlWhenFirstAnswers5xxAndStayWithIt() throws IOException {
        List<String> toFailing = new CopyOnWriteArrayList<>();
        HttpServer failing = startServer(exchange -> {
            toFailing.add(exchange.getRequestURI().getRawPath());
            respond(exchange, new Answer(502, "<html>Bad Gateway</html>"));
        });
        SchemaRegistry registry =
                registry(List.of(url(failing), url), RegistryCredentials.NONE, FAST, new AtomicLong());

        int id = registry.register("s-value", OUTBOUND);
        Schema schema = registry.schemaById(id);

        assertThat(schema).isEqualTo(OUTBOUND);
        assertThat(toFailing).containsExactly("/subjects/s-value/versions");
        assertThat(requests).extracting(Request::rawPath)
                .containsExactly("/subjects/s-value/versions", "/schemas/ids/" + id);
    }

    @Test
    void shouldSendBasicAuthWhenGivenUserInfo() {
        SchemaRegistry registry = registry(
                List.of(url), RegistryCredentials.userInfo("billing:p@ss:word"), FAST, new AtomicLong());

        registry.schemaById(registry.register("s-value", OUTBOUND));

        String expected = "Basic " + Base64.getEncoder()
                .encodeToString("billing:p@ss:word".getBytes(StandardCharsets.UTF_8));
        assertThat(requests).extracting(Request::authorization).containsExactly(expected, expected);
    }

    @Test
    void shouldSendNoAuthorizationWithoutCredentials() {
        registry().register("s-value", OUTBOUND);

        assertThat(requests).extracting(Request::authorization).containsOnlyNulls();
    }

    @Test
    void shouldNotShowUserInfoWhenCredentialsArePrinted() {
        assertThat(RegistryCredentials.userInfo("billing:secret").toString()).doesNotContain("secret");
    }

    @Test
    void shouldAnswerOtherIdWhileAnotherIdWaitsOnRegistry() throws Exception {
        // 100 and 116 share a bucket of a small ConcurrentHashMap: a call inside computeIfAbsent would block both.
        schemaById.put(100, OUTBOUND.toString());
        schemaById.put(116, OUTBOUND.toString());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowArrived = new CountDownLatch(1);
        HttpServer slow = startServer(exchange -> {
            if (exchange.getRequestURI().getRawPath().equals("/schemas/ids/100")) {
                slowArrived.countDown();
                awaitQuietly(release);
            }
            handle(exchange);
        });
        SchemaRegistry registry = registry(List.of(url(slow)), RegistryCredentials.NONE, FAST, new AtomicLong());
        ExecutorService lookups = Executors.newSingleThreadExecutor();
        try {
            Future<Schema> waiting = lookups.submit(() -> registry.schemaById(100));
            assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();

            Future<Schema> other = CompletableFuture.supplyAsync(() -> registry.schemaById(116));
            assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(OUTBOUND);
            assertThat(waiting).isNotDone();

            release.countDown();
            assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(OUTBOUND);
        } finally {
            release.countDown();
            lookups.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Stream<Arguments> registryErrors() {
        return Stream.of(
                Arguments.of(409, 409, "Schema being registered is incompatible with an earlier schema"),
                Arguments.of(422, 42201, "Invalid schema"),
                Arguments.of(500, 50001, "Error in the backend data store"));
    }

    @ParameterizedTest
    @MethodSource("registryErrors")
    void shouldReportRegistryErrorWithStatusCodeAndMessage(int status, int code, String message)
            throws IOException {
        String body = JSON.writeValueAsString(Map.of("error_code", code, "message", message));
        forced = new Answer(status, body);

        assertThatThrownBy(() -> registry().register("s-value", OUTBOUND))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("POST " + url + "/subjects/s-value/versions")
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("error_code " + code + ": " + message);
    }

    @Test
    void shouldReportErrorBodyThatIsNotConfluentJson() {
        forced = new Answer(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> registry().register("s-value", OUTBOUND))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void shouldReportUnreachableRegistry() {
        server.stop(0);

        assertThatThrownBy(() -> registry().register("s-value", OUTBOUND))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("POST " + url + "/subjects/s-value/versions failed");
    }

    @Test
    void shouldRejectUrlThatIsNotHttp() {
        assertThatThrownBy(() -> SchemaRegistry.forUrl("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8081");
    }

    @Test
    void shouldMakeNoRequestAfterFirstRecordOfTopic() {
        AvroSerde<OutboundSend> writer =
                new AvroSerde<>(OutboundSend.class, SchemaRegistry.forUrl(url), false);
        AvroSerde<OutboundSend> reader =
                new AvroSerde<>(OutboundSend.class, SchemaRegistry.forUrl(url), false);

        for (int i = 0; i < 10; i++) {
            OutboundSend send = outboundSend("e-" + i);
            byte[] bytes = writer.serializer().serialize("outbound-sends", send);
            assertThat(reader.deserializer().deserialize("outbound-sends", bytes)).isEqualTo(send);
        }

        assertThat(requests)
                .extracting(Request::method, Request::rawPath)
                .containsExactly(
                        tuple("POST", "/subjects/outbound-sends-value/versions"),
                        tuple("GET", "/schemas/ids/100"));
    }

    private static OutboundSend outboundSend(String eventId) {
        return OutboundSend.newBuilder()
                .setEventId(eventId)
                .setBusinessId("b-1")
                .setCustomerId("u-1")
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMessageType(MessageType.free_form)
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request =
                new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        System.nanoTime());
        requests.add(request);
        Answer next = scripted.poll();
        respond(exchange, next != null ? next : forced != null ? forced : answer(request));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Answer answer(Request request) throws IOException {
        Matcher byId = BY_ID.matcher(request.rawPath());
        if (request.method().equals("POST") && REGISTER.matcher(request.rawPath()).matches()) {
            String schema = JSON.readTree(request.body()).get("schema").textValue();
            int id = idBySchema.computeIfAbsent(schema, s -> nextId.getAndIncrement());
            schemaById.put(id, schema);
            return new Answer(200, JSON.writeValueAsString(Map.of("id", id)));
        }
        if (request.method().equals("GET") && byId.matches()) {
            int id = Integer.parseInt(byId.group(1));
            String schema = schemaById.get(id);
            return schema != null
                    ? new Answer(200, JSON.writeValueAsString(Map.of("schema", schema, "schemaType", "AVRO")))
                    : new Answer(
                            404,
                            JSON.writeValueAsString(
                                    Map.of("error_code", 40403, "message", "Schema " + id + " not found")));
        }
        return new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    }
}
