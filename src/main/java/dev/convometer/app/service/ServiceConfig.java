package dev.convometer.app.service;

import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The service's configuration. Sources, later wins: defaults, a properties file, environment variables
 * ({@code CONVO_METER_} + the key upper-cased with '.' and '-' as '_'), explicit overrides such as command-line flags.
 * Keys prefixed {@code kafka.} (every Kafka client) or {@code streams.} (Kafka Streams only) pass through to Kafka with
 * the prefix stripped, so TLS and SASL need no code; in the environment, {@code CONVO_METER_KAFKA_SSL_TRUSTSTORE_LOCATION}
 * is {@code kafka.ssl.truststore.location}. Any other key in a file or an override is rejected: a typo in billing
 * configuration must not fall back to a default silently. Other {@code CONVO_METER_*} variables are ignored with one
 * warning ({@link #warnings()}): Kubernetes injects {@code CONVO_METER_SERVICE_HOST}, {@code CONVO_METER_PORT}, ... for a
 * Service named convo-meter. The launcher's own variables ({@link SettingKeys#LAUNCHER_VARIABLES}) are not settings and
 * are passed over in silence. A pass-through may not set what the topology relies on
 * ({@link BillingTopology#RELIED_ON_CONFIGS}), nor weaken the processing guarantee.
 * <p>
 * Which keys there are, their defaults and what their values may be: {@link SettingKeys} and {@link SettingKind}; the
 * Kafka configuration made of them: {@link KafkaProperties}.
 */
public final class ServiceConfig {

    /** A setting that cannot be used; the message is one line naming the key or the file. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final String OVERRIDE = "override";

    // Keys set explicitly (known and pass-through), in the order they were set; defaults are not in here.
    private final Map<String, String> settings;
    private final List<String> warnings;

    private ServiceConfig(Map<String, String> settings, List<String> warnings) {
        this.settings = Collections.unmodifiableMap(settings);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Defaults, then {@code file} (null for none), then the {@code CONVO_METER_*} variables of {@code env}; variables
     * that name no setting are left out and listed in one of the {@link #warnings()}.
     *
     * @throws Invalid for a missing or unreadable file, an unknown key in it, or a bad value
     */
    public static ServiceConfig load(Path file, Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file != null) {
            String source = "file " + file;
            readFile(file).forEach((key, value) -> settings.put(key, SettingKeys.checked(key, value, source)));
        }
        List<String> ignored = new ArrayList<>();
        new TreeMap<>(env).forEach((variable, value) -> {
            if (variable.startsWith(SettingKeys.ENV_PREFIX) && !SettingKeys.LAUNCHER_VARIABLES.contains(variable)) {
                String key = SettingKeys.keyForEnvironment(variable);
                if (key == null) {
                    ignored.add(variable);
                } else {
                    settings.put(key, SettingKeys.checked(key, value, "environment variable " + variable));
                }
            }
        });
        List<String> warnings = ignored.isEmpty() ? List.of() : List.of("ignoring environment variables that name no"
                + " convo-meter setting (nor CONVO_METER_KAFKA_* or CONVO_METER_STREAMS_*): " + String.join(", ", ignored));
        return new ServiceConfig(settings, warnings);
    }

    /** What the caller should log once: at most one line, for environment variables that were ignored. */
    public List<String> warnings() {
        return warnings;
    }

    /** A copy with {@code key} set to {@code value}, over every other source (a command-line flag). */
    public ServiceConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(key, SettingKeys.checked(key, Objects.requireNonNull(value, key), OVERRIDE));
        return new ServiceConfig(copy, warnings);
    }

    /** Every key the service itself reads, in reference order (pass-through keys are not listed). */
    public static List<String> knownKeys() {
        return SettingKeys.known();
    }

    /** The value in effect: set or default; null for an unset pass-through key or a key without default (instance.id). */
    public String get(String key) {
        String value = settings.get(key);
        return value != null ? value : SettingKeys.defaultValue(key);
    }

    public String applicationId() {
        return get("application.id");
    }

    public String bootstrapServers() {
        return get("bootstrap.servers");
    }

    public String schemaRegistryUrl() {
        return get("schema.registry.url");
    }

    public TopicNames topics() {
        return new TopicNames(get("topic.inbound-message"), get("topic.ad-click"), get("topic.outbound-send"),
                get("topic.conversation-opened"), get("topic.send-rejected"), get("topic.conversation-voided"),
                get("topic.rejection-withdrawn"), get("topic.dead-letter"), get("topic.business-accounts"),
                get("topic.priced-conversation"), get("topic.priced-message"), get("topic.priced-conversation-voided"),
                get("topic.priced-message-voided"));
    }

    /**
     * The topology's settings; the service always keeps its state in RocksDB with changelogs. With pricing enabled its
     * tables are read and checked here.
     *
     * @throws Invalid for a pricing table, zone, currency or free tier that cannot be used (one line naming it)
     */
    public BillingSettings billing() {
        BillingSettings billing = new BillingSettings(flag("repartition.by.pair"),
                new DeduplicationHorizon(duration("dedup.horizon").toMillis()), duration("correction.horizon"),
                duration("max.future.skew"), duration("expiry.interval"), BillingSettings.Storage.DURABLE);
        return pricingEnabled() ? billing.withPricing(pricing()) : billing;
    }

    public boolean pricingEnabled() {
        return flag("pricing.enabled");
    }

    private PricingRules pricing() {
        try {
            return PricingTables.load(path("pricing.rate-card.path"), path("pricing.country-markets.path"),
                    get("pricing.default-time-zone"), get("pricing.default-currency"), get("pricing.cbp.free-tier"),
                    get("pricing.pmp.service-free-tier"), get("pricing.tier-scope"), PricingTables.Names.SETTINGS);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    private Path path(String key) {
        String value = get(key);
        return value == null ? null : Path.of(value);
    }

    /** The health and metrics port (0: any free port), or -1 when http.enabled is false. */
    public int httpPort() {
        return flag("http.enabled") ? Integer.parseInt(get("http.port")) : -1;
    }

    public Duration progressInterval() {
        return duration("progress.interval");
    }

    public Duration shutdownTimeout() {
        return duration("shutdown.timeout");
    }

    /** Whether this instance is a static member of its group ({@code instance.id} set). */
    public boolean staticMembership() {
        return get("instance.id") != null;
    }

    /** Kafka Streams' configuration, see {@link KafkaProperties#streams}. */
    public Properties streamsProperties() {
        return KafkaProperties.streams(this);
    }

    /** For producers, consumers and admin clients outside Kafka Streams: bootstrap.servers and the kafka. pass-through. */
    public Properties clientProperties() {
        return KafkaProperties.clients(this);
    }

    /** The keys set with {@code prefix}, prefix stripped, in the order they were set. */
    Map<String, String> passThrough(String prefix) {
        Map<String, String> stripped = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                stripped.put(key.substring(prefix.length()), value);
            }
        });
        return stripped;
    }

    private boolean flag(String key) {
        return Boolean.parseBoolean(get(key));
    }

    private Duration duration(String key) {
        return Duration.parse(get(key));
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new Invalid("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed Unicode escape
            throw new Invalid("cannot read config file " + file + ": " + e);
        }
        // sorted, like the environment, so that the first of several errors is the same on every run
        Map<String, String> entries = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> entries.put(key, props.getProperty(key)));
        return entries;
    }
}
