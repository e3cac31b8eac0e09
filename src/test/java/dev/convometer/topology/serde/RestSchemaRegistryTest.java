package dev.convometer.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

/** Runs the REST client against an in-test HTTP server that answers like Confluent's registry. */
class RestSchemaRegistryTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/[^/]+/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Schema OUTBOUND = OutboundSend.getClassSchema();

    private record Request(String method, String rawPath, String contentType, String body) {}

    private record Answer(int status, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(100);
    private volatile Answer forced;
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
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
    void shouldUseFirstOfCommaSeparatedUrls() {
        int id = SchemaRegistry.forUrl(url + "/, http://127.0.0.1:1").register("s-value", OUTBOUND);

        assertThat(id).isEqualTo(100);
        assertThat(requests).extracting(Request::rawPath).containsExactly("/subjects/s-value/versions");
    }

    @Test
    void shouldReportSchemaNotFoundWithStatusAndErrorCode() {
        SchemaRegistry registry = SchemaRegistry.forUrl(url);

        assertThatThrownBy(() -> registry.schemaById(42))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("GET " + url + "/schemas/ids/42")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("error_code 40403: Schema 42 not found");
        // A failure is not cached: the next lookup asks again.
        assertThatThrownBy(() -> registry.schemaById(42)).isInstanceOf(SchemaRegistryException.class);
        assertThat(requests).hasSize(2);
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

        assertThatThrownBy(() -> SchemaRegistry.forUrl(url).register("s-value", OUTBOUND))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("POST " + url + "/subjects/s-value/versions")
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("error_code " + code + ": " + message);
    }

    @Test
    void shouldReportErrorBodyThatIsNotConfluentJson() {
        forced = new Answer(502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> SchemaRegistry.forUrl(url).register("s-value", OUTBOUND))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("<html>Bad Gateway</html>");
    }

    @Test
    void shouldReportUnreachableRegistry() {
        server.stop(0);

        assertThatThrownBy(() -> SchemaRegistry.forUrl(url).register("s-value", OUTBOUND))
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
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Answer answer = forced != null ? forced : answer(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(answer.status(), body.length);
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
