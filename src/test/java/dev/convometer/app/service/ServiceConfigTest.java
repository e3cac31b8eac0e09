package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.topology.BillingCounters;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.BoundedRocksDBConfig;
import dev.convometer.topology.TopicNames;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sources and their precedence, the environment mapping, Kafka pass-through and validation. */
class ServiceConfigTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("convo-meter.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static ServiceConfig defaults() {
        return ServiceConfig.load(null, Map.of());
    }

    @Test
    void shouldUseDefaultsWithoutFileOrEnvironment() {
        ServiceConfig config = defaults();

        assertThat(config.applicationId()).isEqualTo("convo-meter");
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
        assertThat(config.get("state.dir")).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "convo-meter-state").toString());
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULTS);
        // the service checks the clock, replay does not; its maintenance runs every hour of event time, replay's every minute
        assertThat(config.billing()).isEqualTo(new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofDays(7), Duration.ofHours(1),
                Duration.ofHours(1), BillingSettings.Storage.DURABLE));
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldReadCorrectionHorizonAndFutureSkewWhenSetInTheEnvironment() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "CONVO_METER_CORRECTION_HORIZON", "P3D",
                "CONVO_METER_MAX_FUTURE_SKEW", "PT5M",
                "CONVO_METER_TOPIC_CONVERSATION_VOIDED", "prod.voided",
                "CONVO_METER_TOPIC_REJECTION_WITHDRAWN", "prod.withdrawn"));

        assertThat(config.billing().correctionHorizon()).isEqualTo(Duration.ofDays(3));
        assertThat(config.billing().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.topics().conversationVoided()).isEqualTo("prod.voided");
        assertThat(config.topics().rejectionWithdrawn()).isEqualTo("prod.withdrawn");
    }

    @Test
    void shouldRefuseCorrectionHorizonThatIsNotPositive() {
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of("CONVO_METER_CORRECTION_HORIZON", "PT0S")))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("correction.horizon");
    }

    @Test
    void shouldLetFileOverrideDefaultsAndEnvironmentOverrideFileAndWithOverrideAll() throws IOException {
        Path file = file(
                "bootstrap.servers=file:9092",
                "application.id=from-file",
                "http.port=8001",
                "topic.ad-click=file-clicks");
        Map<String, String> env = Map.of(
                "CONVO_METER_APPLICATION_ID", "from-env",
                "CONVO_METER_HTTP_PORT", "8002");

        ServiceConfig loaded = ServiceConfig.load(file, env);
        ServiceConfig overridden = loaded.with("http.port", "8003");

        assertThat(loaded.bootstrapServers()).isEqualTo("file:9092");
        assertThat(loaded.applicationId()).isEqualTo("from-env");
        assertThat(loaded.httpPort()).isEqualTo(8002);
        assertThat(loaded.topics().adClick()).isEqualTo("file-clicks");
        assertThat(loaded.topics().inboundMessage()).isEqualTo("inbound-message");
        assertThat(overridden.httpPort()).isEqualTo(8003);
        assertThat(overridden.applicationId()).isEqualTo("from-env");
        assertThat(loaded.httpPort()).as("with() leaves the original alone").isEqualTo(8002);
    }

    @Test
    void shouldMapKeysToEnvironmentNames() {
        assertThat(SettingKeys.environmentName("bootstrap.servers")).isEqualTo("CONVO_METER_BOOTSTRAP_SERVERS");
        assertThat(SettingKeys.environmentName("topic.inbound-message")).isEqualTo("CONVO_METER_TOPIC_INBOUND_MESSAGE");
        assertThat(SettingKeys.environmentName("http.port")).isEqualTo("CONVO_METER_HTTP_PORT");
        assertThat(SettingKeys.environmentName("kafka.ssl.truststore.location"))
                .isEqualTo("CONVO_METER_KAFKA_SSL_TRUSTSTORE_LOCATION");
    }

    @Test
    void shouldAcceptTheEnvironmentNameOfEveryKnownKey() {
        ServiceConfig defaults = defaults();
        assertThat(ServiceConfig.knownKeys()).contains("application.id", "topic.dead-letter", "dedup.horizon",
                "http.enabled", "processing.guarantee", "num.standby.replicas", "commit.interval.ms");
        assertThat(new HashSet<>(ServiceConfig.knownKeys().stream().map(SettingKeys::environmentName).toList()))
                .hasSameSizeAs(ServiceConfig.knownKeys());

        // the keys without a default, each with a value it accepts
        Map<String, String> unset = Map.of("instance.id", "convo-meter-0",
                "schema.registry.basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.user.info", "user:secret",
                "pricing.rate-card.path", "/etc/convo-meter/rate-card.csv",
                "pricing.country-markets.path", "/etc/convo-meter/country-markets.csv");
        for (String key : ServiceConfig.knownKeys()) {
            String value = unset.getOrDefault(key, defaults.get(key));
            ServiceConfig config = ServiceConfig.load(null, Map.of(SettingKeys.environmentName(key), value));
            assertThat(config.get(key)).as(key).isEqualTo(value);
        }
    }

    @Test
    void shouldReadTopicNamesFromEnvironment() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "CONVO_METER_TOPIC_INBOUND_MESSAGE", "prod.inbound",
                "CONVO_METER_TOPIC_DEAD_LETTER", "prod.dlq",
                "CONVO_METER_TOPIC_PRICED_MESSAGE_VOIDED", "prod.priced-message-voided"));

        assertThat(config.topics()).isEqualTo(new TopicNames("prod.inbound", "ad-click", "outbound-send",
                "conversation-opened", "send-rejected", "conversation-voided", "rejection-withdrawn", "prod.dlq",
                "business-accounts", "priced-conversation", "priced-message", "priced-conversation-voided",
                "prod.priced-message-voided"));
    }

    @Test
    void shouldIgnoreEnvironmentVariablesOfOtherPrograms() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("PATH", "/usr/bin", "KAFKA_HEAP_OPTS", "-Xmx1g"));

        assertThat(config.streamsProperties()).isEqualTo(defaults().streamsProperties());
    }

    @Test
    void shouldPassKafkaPrefixedSettingsToStreamsAndClients() throws IOException {
        Path file = file(
                "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.mechanism=PLAIN",
                "streams.num.stream.threads=4");
        Map<String, String> env = Map.of(
                "CONVO_METER_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.jks",
                "CONVO_METER_STREAMS_REPLICATION_FACTOR", "3");

        ServiceConfig config = ServiceConfig.load(file, env);
        Properties streams = config.streamsProperties();
        Properties clients = config.clientProperties();

        assertThat(streams).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .containsEntry("num.stream.threads", "4")
                .containsEntry("replication.factor", "3")
                .doesNotContainKeys("kafka.security.protocol", "streams.num.stream.threads");
        assertThat(clients).containsOnly(
                Map.entry("bootstrap.servers", "localhost:9092"),
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.jks"));
        assertThat(config.get("kafka.sasl.mechanism")).isEqualTo("PLAIN");
    }

    @Test
    void shouldLetStreamsPrefixWinOverKafkaPrefixForStreams() {
        ServiceConfig config = defaults()
                .with("streams.client.id", "streams-side")
                .with("kafka.client.id", "everyone");

        assertThat(config.streamsProperties()).containsEntry("client.id", "streams-side");
        assertThat(config.clientProperties()).containsEntry("client.id", "everyone");
    }

    @Test
    void shouldDefaultToExactlyOnceWithOneSecondCommits() {
        Properties props = defaults().streamsProperties();

        assertThat(props).containsOnly(
                Map.entry("application.id", "convo-meter"),
                Map.entry("bootstrap.servers", "localhost:9092"),
                Map.entry("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "convo-meter-state").toString()),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("num.standby.replicas", "0"),
                Map.entry("commit.interval.ms", "1000"),
                Map.entry(BoundedRocksDBConfig.MEMORY_CONFIG, 128L << 20),
                Map.entry("batch.size", 256 * 1024));
        assertThat(new StreamsConfig(props).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .as("Kafka Streams accepts it").isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @ParameterizedTest
    @CsvSource({"kafka.batch.size", "streams.batch.size", "streams.producer.batch.size"})
    void shouldGiveProducersLargeBatchesUnlessPassedThrough(String key) {
        StreamsConfig defaults = new StreamsConfig(defaults().streamsProperties());
        StreamsConfig passed = new StreamsConfig(defaults().with(key, "32768").streamsProperties());

        assertThat(defaults.getProducerConfigs("client").get("batch.size")).isEqualTo(256 * 1024);
        assertThat(passed.getProducerConfigs("client").get("batch.size")).isEqualTo("32768");
    }

    @ParameterizedTest
    @CsvSource({"processing.guarantee", "streams.processing.guarantee", "kafka.processing.guarantee"})
    void shouldRefuseAtLeastOnceWithOneLineReasonWhenSetDirectlyOrPassedThrough(String key) {
        assertThatThrownBy(() -> defaults().with(key, "at_least_once"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(key)
                .hasMessageContaining("only exactly_once_v2 is supported")
                .hasMessageContaining("dropped as a duplicate and its charge lost")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of(SettingKeys.environmentName(key), "at_least_once")))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(SettingKeys.environmentName(key));
        assertThat(defaults().with(key, "exactly_once_v2").streamsProperties())
                .containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @ParameterizedTest
    @CsvSource({"128MB, 134217728", "64mb, 67108864", "1GB, 1073741824", "16777216, 16777216", "20480 KB, 20971520"})
    void shouldGiveKafkaStreamsTheRocksdbBudgetInBytesWhenRocksdbMemoryIsSet(String value, long bytes) {
        ServiceConfig config = defaults().with("rocksdb.memory", value);
        assertThat(config.streamsProperties()).containsEntry(BoundedRocksDBConfig.MEMORY_CONFIG, bytes);
        assertThat(defaults().streamsProperties()).containsEntry(BoundedRocksDBConfig.MEMORY_CONFIG, 128L << 20);
    }

    @ParameterizedTest
    @CsvSource({"15MB", "1", "lots", "-1GB", "12 TB", "0.5GB"})
    void shouldRefuseRocksdbMemoryWhenNotASizeOfAtLeast16MB(String value) {
        assertThatThrownBy(() -> defaults().with("rocksdb.memory", value))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("rocksdb.memory")
                .hasMessageContaining("at least 16MB");
    }

    @Test
    void shouldRefuseAnotherRocksdbConfigSetterWhenPassedThrough() {
        assertThatThrownBy(() -> defaults().with("streams.rocksdb.config.setter", "com.example.Setter"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("the billing topology sets rocksdb.config.setter itself");
    }

    @Test
    void shouldRefusePassThroughOfEverySettingTheTopologyReliesOnNamingTheKey() {
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://service-config-test"));
        List<String> reliedOn = BillingTopology.streamsConfig(topics, new BillingCounters()).keySet().stream()
                .filter(StreamsConfig.configDef().names()::contains).toList();
        assertThat(reliedOn).contains(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);

        for (String setting : reliedOn) {
            for (String key : List.of("streams." + setting, "kafka." + setting)) {
                assertThatThrownBy(() -> defaults().with(key, "other"))
                        .as(key)
                        .isInstanceOf(ServiceConfig.Invalid.class)
                        .hasMessageContaining(key)
                        .hasMessageContaining("the billing topology sets " + setting + " itself");
                assertThatThrownBy(() -> ServiceConfig.load(null, Map.of(SettingKeys.environmentName(key), "other")))
                        .as(SettingKeys.environmentName(key))
                        .isInstanceOf(ServiceConfig.Invalid.class)
                        .hasMessageContaining(SettingKeys.environmentName(key));
            }
        }
    }

    @Test
    void shouldMakeStaticGroupMemberWhenInstanceIdIsSet() {
        ServiceConfig config = ServiceConfig.load(null, Map.of("CONVO_METER_INSTANCE_ID", "convo-meter-2"));

        assertThat(config.staticMembership()).isTrue();
        assertThat(config.streamsProperties()).containsEntry("group.instance.id", "convo-meter-2");
        assertThat(defaults().staticMembership()).isFalse();
        assertThat(defaults().streamsProperties()).doesNotContainKey("group.instance.id");
    }

    @Test
    void shouldLetExplicitSettingsOverrideStreamsDefaults() {
        assertThat(defaults().with("commit.interval.ms", "250").streamsProperties())
                .containsEntry("commit.interval.ms", "250");
        assertThat(defaults().with("streams.commit.interval.ms", "100").streamsProperties())
                .containsEntry("commit.interval.ms", "100");
        assertThat(defaults().with("num.standby.replicas", "1").streamsProperties())
                .containsEntry("num.standby.replicas", "1");
    }

    @Test
    void shouldBuildBillingSettingsAlwaysDurable() {
        BillingSettings billing = defaults()
                .with("repartition.by.pair", "false")
                .with("dedup.horizon", "P1D")
                .with("expiry.interval", "pt10s")
                .billing();

        assertThat(billing.repartitionByPair()).isFalse();
        assertThat(billing.horizon().millis()).isEqualTo(Duration.ofDays(1).toMillis());
        assertThat(billing.expiryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(billing.storage()).isEqualTo(BillingSettings.Storage.DURABLE);
    }

    @Test
    void shouldTurnHttpOffWhenDisabled() {
        assertThat(defaults().with("http.enabled", "false").httpPort()).isEqualTo(-1);
        assertThat(defaults().with("http.port", "0").httpPort()).isZero();
    }

    @Test
    void shouldTrimValues() throws IOException {
        ServiceConfig config = ServiceConfig.load(file("http.port = 9000  "), Map.of());

        assertThat(config.httpPort()).isEqualTo(9000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http.port            | 70000         | not a port number",
        "http.port            | eighty        | not a port number",
        "http.enabled         | yes           | not true or false",
        "repartition.by.pair  | 1             | not true or false",
        "dedup.horizon        | 7d            | ISO-8601 duration",
        "dedup.horizon        | PT0S          | not positive",
        "expiry.interval      | -PT1M         | not positive",
        "progress.interval    | 30            | ISO-8601 duration",
        "num.standby.replicas | -1            | whole number",
        "commit.interval.ms   | 1s            | milliseconds",
        "processing.guarantee | exactly_once  | only exactly_once_v2 is supported",
        "processing.guarantee | at_least_once | its charge lost",
        "schema.registry.url  | ftp://reg     | http://, https:// or mock://",
        "topic.ad-click       | ad clicks     | only letters, digits",
        "application.id       | convo/meter   | only letters, digits",
        "bootstrap.servers    | ''            | empty value"})
    void shouldRejectBadValueNamingTheKeyAndSource(String key, String value, String problem) throws IOException {
        Path file = file(key + "=" + value);

        assertThatThrownBy(() -> ServiceConfig.load(file, Map.of()))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(key)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(problem)
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of(SettingKeys.environmentName(key), value)))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(SettingKeys.environmentName(key))
                .hasMessageContaining(problem);
        assertThatThrownBy(() -> defaults().with(key, value))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(key)
                .hasMessageContaining(problem);
    }

    @Test
    void shouldRejectUnknownKeyInFile() throws IOException {
        Path file = file("bootstrap.servers=broker:9092", "dedup.horizn=P1D");

        assertThatThrownBy(() -> ServiceConfig.load(file, Map.of()))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("dedup.horizn")
                .hasMessageContaining(file.toString());
    }

    @Test
    void shouldIgnoreUnknownConvoMeterEnvironmentVariablesWithOneWarningWhenKubernetesInjectsThem() {
        // what Kubernetes sets for a Service named convo-meter, and a typo
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "CONVO_METER_SERVICE_HOST", "10.0.0.7",
                "CONVO_METER_PORT", "tcp://10.0.0.7:8080",
                "CONVO_METER_PORT_8080_TCP_ADDR", "10.0.0.7",
                "CONVO_METER_BOOTSTRAP_SERVER", "broker:9092",
                "CONVO_METER_HTTP_PORT", "9000"));

        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.warnings()).singleElement().asString()
                .contains("CONVO_METER_BOOTSTRAP_SERVER, CONVO_METER_PORT, CONVO_METER_PORT_8080_TCP_ADDR, CONVO_METER_SERVICE_HOST")
                .doesNotContain("10.0.0.7").doesNotContain("\n");
        assertThat(config.with("http.port", "9001").warnings()).as("kept by with()").isEqualTo(config.warnings());
        assertThat(defaults().warnings()).isEmpty();
    }

    @Test
    void shouldPassOverTheLaunchersVariablesWithoutWarningWhenTheLauncherSetsThem() {
        ServiceConfig config = ServiceConfig.load(null, Map.of(
                "CONVO_METER_HEAP_OPTS", "-Xmx2g",
                "CONVO_METER_JAR", "/app/lib/convo-meter-service.jar",
                "CONVO_METER_HTTP_PORT", "9000"));

        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void shouldStillRefuseBadValueOfKnownEnvironmentVariableWhenOthersAreIgnored() {
        assertThatThrownBy(() -> ServiceConfig.load(null, Map.of("CONVO_METER_SERVICE_HOST", "10.0.0.7", "CONVO_METER_HTTP_PORT", "x")))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("CONVO_METER_HTTP_PORT");
    }

    @Test
    void shouldRejectUnknownOverride() {
        assertThatThrownBy(() -> defaults().with("http.prot", "9000"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("http.prot");
    }

    @Test
    void shouldRejectPassThroughOfSettingsTheServiceReadsItself() {
        assertThatThrownBy(() -> defaults().with("kafka.bootstrap.servers", "other:9092"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("set bootstrap.servers");
        assertThatThrownBy(() -> defaults().with("streams.application.id", "other"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("streams.application.id");
        assertThatThrownBy(() -> defaults().with("kafka.", "x"))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("kafka.");
    }

    @Test
    void shouldRejectMissingFileNamingIt() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ServiceConfig.load(missing, Map.of()))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRejectUnreadableFileNamingIt() {
        assertThatThrownBy(() -> ServiceConfig.load(dir, Map.of()))
                .isInstanceOf(ServiceConfig.Invalid.class)
                .hasMessageContaining("cannot read config file " + dir);
    }

    @Test
    void shouldAnswerNullForUnsetPassThroughAndRefuseUnknownKeys() {
        assertThat(defaults().get("kafka.sasl.mechanism")).isNull();
        assertThatThrownBy(() -> defaults().get("bootstrap.server")).isInstanceOf(IllegalArgumentException.class);
    }
}
