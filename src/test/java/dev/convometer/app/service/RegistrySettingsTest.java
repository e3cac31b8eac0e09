package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.convometer.avro.OutboundSend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry settings as a deployment sets them, against an HTTP server that answers like Confluent's registry. */
class RegistrySettingsTest {
    private static final String SOURCE = "CONVO_METER_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE";
    private static final String USER_INFO = "CONVO_METER_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldSendBasicAuthWhenEnvironmentSetsUserInfoSource() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("CONVO_METER_SCHEMA_REGISTRY_URL", url,
                SOURCE, "USER_INFO", USER_INFO, "billing:s3cret"));

        RegistrySettings.connect(config).register("s-value", OutboundSend.getClassSchema());

        assertThat(authorizations).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("billing:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldSendNoAuthWhenNoCredentialsAreSet() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("CONVO_METER_SCHEMA_REGISTRY_URL", url));

        RegistrySettings.connect(config).register("s-value", OutboundSend.getClassSchema());

        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void shouldRefuseUserInfoWithoutCredentialsSource() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(USER_INFO, "billing:s3cret"));

        assertThatThrownBy(() -> RegistrySettings.connect(config))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("set it to USER_INFO")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void shouldRefuseCredentialsSourceOtherThanUserInfo() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(SOURCE, "SASL_INHERIT", USER_INFO, "billing:s3cret"));

        assertThatThrownBy(() -> RegistrySettings.connect(config))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("'SASL_INHERIT': only USER_INFO is supported");
    }

    @Test
    void shouldRefuseUserInfoThatIsNotUserColonPasswordWithoutRepeatingIt() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(SOURCE, "USER_INFO", USER_INFO, "s3cret"));

        assertThatThrownBy(() -> RegistrySettings.connect(config))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("not user:password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
