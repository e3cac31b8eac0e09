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
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

/** Client for the Confluent Schema Registry REST API (the two calls the serde makes). */
final class RestSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    // HTTP/1.1: plain-http registries would otherwise get an h2c upgrade attempt on every request.
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    RestSchemaRegistry(String url) {
        String scheme = URI.create(url).getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "Schema registry URL must start with http://, https:// or mock://, got " + url);
        }
        base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
        JsonNode id = call(request(path).POST(HttpRequest.BodyPublishers.ofString(body))).get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry " + base + path + " answered without an integer \"id\"");
        }
        return id.intValue();
    }

    @Override
    public Schema schemaById(int id) {
        String path = "/schemas/ids/" + id;
        JsonNode schema = call(request(path).GET()).get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(
                    "Schema registry " + base + path + " answered without a \"schema\" string");
        }
        try {
            return SchemaParser.parseSingle(schema.textValue());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " from " + base + " is not a valid Avro schema: " + e.getMessage(),
                    e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE);
    }

    private JsonNode call(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry call " + what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted during schema registry call " + what, e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            // Confluent errors are {"error_code": 40403, "message": "..."}; a proxy may send anything.
            String detail =
                    json != null && json.has("error_code")
                            ? "error_code " + json.get("error_code").asText()
                                    + ": " + json.path("message").asText()
                            : abbreviate(response.body());
            String message = "Schema registry call " + what + " answered HTTP " + status + ", " + detail;
            throw status == 404 ? new SchemaNotFoundException(message) : new SchemaRegistryException(message);
        }
        if (json == null || !json.isObject()) {
            throw new SchemaRegistryException(
                    "Schema registry call " + what + " answered HTTP " + status
                            + " with a body that is not a JSON object: " + abbreviate(response.body()));
        }
        return json;
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
