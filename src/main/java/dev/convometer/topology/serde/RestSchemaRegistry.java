package dev.convometer.topology.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/**
 * Client for the Confluent Schema Registry REST API (the two calls the serde makes). Transient failures (connect
 * errors, timeouts, HTTP 5xx and 429) move on to the next URL of the list and, once every URL failed, back off
 * exponentially, within {@link Retry}'s bounds. https URLs use the JVM's default TLS context, so the standard
 * {@code javax.net.ssl.*} system properties (trust store, key store) apply.
 */
final class RestSchemaRegistry implements SchemaRegistry {

    /** At most {@code attempts} calls, the first backoff doubling after each round of URLs, all within {@code budget}. */
    record Retry(int attempts, Duration firstBackoff, Duration budget) {
        static final Retry DEFAULT = new Retry(5, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Confluent's "not found" error codes; any other 404 comes from something that is not the registry's API.
    private static final Set<Integer> SCHEMA_NOT_FOUND = Set.of(40403);
    private static final Set<Integer> NOTHING_NOT_FOUND = Set.of();

    private final List<String> bases;
    private final RegistryCredentials credentials;
    private final Retry retry;
    // The URL that answered last: later calls start there instead of at a dead first URL.
    private final AtomicInteger current = new AtomicInteger();
    // HTTP/1.1: plain-http registries would otherwise get an h2c upgrade attempt on every request.
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(MAX_REQUEST_TIMEOUT)
                    .build();

    RestSchemaRegistry(List<String> urls, RegistryCredentials credentials, Retry retry) {
        this.bases = urls.stream().map(RestSchemaRegistry::base).toList();
        this.credentials = credentials;
        this.retry = retry;
    }

    private static String base(String url) {
        String scheme = URI.create(url).getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "Schema registry URL must start with http://, https:// or mock://, got " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public int register(String subject, Schema schema) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new SchemaRegistryException("Could not encode schema " + schema.getFullName(), e);
        }
        // URLEncoder is for forms: it writes a space as '+', which a path would keep as a plus.
        String path =
                "/subjects/"
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
                        + "/versions";
        JsonNode id = call("POST", path, body, NOTHING_NOT_FOUND).get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry POST " + bases.get(current.get()) + path + " answered without an integer \"id\"");
        }
        return id.intValue();
    }

    @Override
    public Schema schemaById(int id) {
        String path = "/schemas/ids/" + id;
        JsonNode answer = call("GET", path, null, SCHEMA_NOT_FOUND);
        // Confluent leaves schemaType out for Avro.
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new UnsupportedSchemaException("Schema id " + id + " is a " + type + " schema, not Avro");
        }
        if (!answer.path("references").isEmpty()) {
            throw new UnsupportedSchemaException(
                    "Schema id " + id + " uses schema references, which this client does not resolve");
        }
        JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(
                    "Schema registry GET " + bases.get(current.get()) + path + " answered without a \"schema\" string");
        }
        try {
            return SchemaParser.parseSingle(schema.textValue());
        } catch (SchemaParseException e) {
            throw new UnsupportedSchemaException(
                    "Schema id " + id + " is not a valid Avro schema: " + e.getMessage());
        }
    }

    /**
     * The JSON object a call answers, trying URLs in turn and backing off after each round while failures are transient.
     *
     * @param notFound the Confluent error codes that mean the thing asked for does not exist
     */
    private JsonNode call(String method, String path, String body, Set<Integer> notFound) {
        long start = System.nanoTime();
        long budget = retry.budget().toNanos();
        Duration backoff = retry.firstBackoff();
        int first = current.get();
        for (int attempt = 1; ; attempt++) {
            int index = (first + attempt - 1) % bases.size();
            Duration left = Duration.ofNanos(budget - (System.nanoTime() - start));
            HttpRequest request = request(bases.get(index) + path, method, body, left);
            String what = method + " " + request.uri();
            String failure;
            IOException cause = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status < 500 && status != 429) {
                    JsonNode answer = answer(what, response, notFound);
                    current.set(index);
                    return answer;
                }
                failure = "Schema registry call " + what + " answered HTTP " + status + ", " + detail(response.body());
            } catch (IOException e) {
                failure = "Schema registry call " + what + " failed: " + e;
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted during schema registry call " + what, e);
            }
            current.compareAndSet(index, (index + 1) % bases.size());
            boolean roundDone = attempt % bases.size() == 0;
            long elapsed = System.nanoTime() - start;
            if (attempt >= retry.attempts() || elapsed + (roundDone ? backoff.toNanos() : 0) >= budget) {
                throw new SchemaRegistryException(
                        failure + " (gave up after " + attempt + " attempts in " + elapsed / 1_000_000 + " ms)", cause);
            }
            if (roundDone) {
                sleep(backoff, what);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private HttpRequest request(String uri, String method, String body, Duration left) {
        Duration timeout = left.compareTo(MAX_REQUEST_TIMEOUT) > 0 ? MAX_REQUEST_TIMEOUT
                : left.compareTo(MIN_REQUEST_TIMEOUT) < 0 ? MIN_REQUEST_TIMEOUT : left;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri))
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials.authorization() != null) {
            builder.header("Authorization", credentials.authorization());
        }
        return builder.build();
    }

    /** The JSON object of a final (not transient) answer, or the exception it means. */
    private static JsonNode answer(String what, HttpResponse<String> response, Set<Integer> notFound) {
        JsonNode json = json(response.body());
        int status = response.statusCode();
        if (status == 404 && json != null && notFound.contains(json.path("error_code").asInt())) {
            throw new SchemaNotFoundException(
                    "Schema registry call " + what + " answered HTTP 404, " + detail(response.body()));
        }
        if (status == 404) {
            throw new SchemaRegistryException(
                    "Schema registry call " + what + " answered HTTP 404 without a Confluent not-found error_code:"
                            + " is the schema registry URL the registry's base URL? " + detail(response.body()));
        }
        if (status / 100 != 2) {
            throw new SchemaRegistryException(
                    "Schema registry call " + what + " answered HTTP " + status + ", " + detail(response.body()));
        }
        if (json == null || !json.isObject()) {
            throw new SchemaRegistryException(
                    "Schema registry call " + what + " answered HTTP " + status
                            + " with a body that is not a JSON object: " + abbreviate(response.body()));
        }
        return json;
    }

    private static void sleep(Duration backoff, String what) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while retrying schema registry call " + what, e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Confluent errors are {"error_code": 40403, "message": "..."}; a proxy may send anything. */
    private static String detail(String body) {
        JsonNode json = json(body);
        return json != null && json.has("error_code")
                ? "error_code " + json.get("error_code").asText() + ": " + json.path("message").asText()
                : abbreviate(body);
    }

    /** At most 200 characters on one line: an HTML error page must not spread over the log. */
    private static String abbreviate(String body) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
