package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.InboundMessage;
import dev.convometer.topology.serde.ConfluentRegistryServer;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https registry with a self-signed certificate: the registry client trusts it through the JVM's standard
 * {@code javax.net.ssl.trustStore} properties (as the README tells operators to pass them), and refuses it without.
 * Each client runs in a JVM of its own, since a JVM reads those properties once.
 */
class RegistryTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    private ConfluentRegistryServer registry;
    private Path trustStore;

    @BeforeEach
    void startHttpsRegistry() throws Exception {
        Path keyStore = dir.resolve("registry.p12");
        Path certificate = dir.resolve("registry.crt");
        trustStore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        registry = ConfluentRegistryServer.startTls(serverContext(keyStore));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRegisterAndFetchSchemasOverHttpsWhenTrustStoreGivenAsJvmProperties() throws Exception {
        Probe probe = probe(List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12"));

        assertThat(probe.exitStatus()).as(probe.output()).isZero();
        assertThat(probe.output()).contains("fetched " + InboundMessage.getClassSchema().getFullName());
    }

    @Test
    void shouldFailWithCertificateErrorWhenRegistryCertificateIsNotTrusted() throws Exception {
        Probe probe = probe(List.of());

        assertThat(probe.exitStatus()).isEqualTo(1);
        assertThat(probe.output()).contains(registry.url()).containsIgnoringCase("certificat");
    }

    private Probe probe(List<String> jvmOptions) throws Exception {
        Path log = dir.resolve("probe-" + System.nanoTime() + ".log");
        Process process = ChildJvm.start(dir, log, jvmOptions, RegistryProbe.class.getName(), List.of(registry.url()));
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("registry probe did not finish within 2 minutes; see " + log);
        }
        return new Probe(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Probe(int exitStatus, String output) {
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** The registry client as the service builds it, in a JVM of its own: registers a schema and fetches it back by id. */
    static final class RegistryProbe {
        public static void main(String[] args) {
            try {
                SchemaRegistry client = SchemaRegistry.forUrl(args[0]);
                int id = client.register("probe-value", InboundMessage.getClassSchema());
                System.out.println("fetched " + client.schemaById(id).getFullName());
            } catch (RuntimeException e) {
                System.out.println("registry " + args[0] + ": " + e);
                System.exit(1);
            }
        }
    }
}
