package dev.convometer.topology.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A schema registry over HTTP that answers the two calls of the Confluent API the serde makes, for processes that
 * cannot share a {@code mock://} scope (a service in a child JVM and the test that feeds it).
 */
public final class ConfluentRegistryServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/[^/]+/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemaById = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final HttpServer server;
    private final String scheme;

    private ConfluentRegistryServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    /** Listens on a free port of the loopback address. */
    public static ConfluentRegistryServer start() throws IOException {
        return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    /** Listens for https on a free port of the loopback address, with the key and certificate of {@code tls}. */
    public static ConfluentRegistryServer startTls(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return start(server, "https");
    }

    private static ConfluentRegistryServer start(HttpServer server, String scheme) {
        ConfluentRegistryServer registry = new ConfluentRegistryServer(server, scheme);
        server.createContext("/", registry::handle);
        server.start();
        return registry;
    }

    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher byId = BY_ID.matcher(path);
        int status = 200;
        Map<String, Object> answer;
        if (exchange.getRequestMethod().equals("POST") && REGISTER.matcher(path).matches()) {
            String schema = JSON.readTree(body).get("schema").textValue();
            int id = idBySchema.computeIfAbsent(schema, s -> nextId.getAndIncrement());
            schemaById.put(id, schema);
            answer = Map.of("id", id);
        } else if (exchange.getRequestMethod().equals("GET") && byId.matches() && schemaById.containsKey(Integer.parseInt(byId.group(1)))) {
            answer = Map.of("schema", schemaById.get(Integer.parseInt(byId.group(1))), "schemaType", "AVRO");
        } else {
            status = 404;
            answer = Map.of("error_code", byId.matches() ? 40403 : 404, "message", "not found: " + path);
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
