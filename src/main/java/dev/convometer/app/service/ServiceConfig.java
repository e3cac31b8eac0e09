package dev.convometer.app.service;

import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.topology.BillingSettings;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.BoundedRocksDBConfig;
import dev.convometer.topology.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The service's configuration. Sources, later wins: defaults, a properties file, environment variables
 * ({@code CONVO_METER_} + the key upper-cased with '.' and '-' as '_'), explicit overrides such as command-line flags.
 * Keys prefixed {@code kafka.} (every Kafka client) or {@code streams.} (Kafka Streams only) pass through to Kafka with
 * the prefix stripped, so TLS and SASL need no code; in the environment, {@code CONVO_METER_KAFKA_SSL_TRUSTSTORE_LOCATION}
 * is {@code kafka.ssl.truststore.location}. Any other key in a file or an override is rejected: a typo in billing
 * configuration must not fall back to a default silently. Other {@code CONVO_METER_*} variables are ignored with one
 * warning ({@link #warnings()}): Kubernetes injects {@code CONVO_METER_SERVICE_HOST}, {@code CONVO_METER_PORT}, ... for a
 * Service named convo-meter. A pass-through may not set what the topology relies on
 * ({@link BillingTopology#RELIED_ON_CONFIGS}), nor weaken the processing guarantee.
 */
public final class ServiceConfig {

    /** A setting that cannot be used; the message is one line naming the key or the file. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final String ENV_PREFIX = "CONVO_METER_";
    private static final String KAFKA_PREFIX = "kafka.";
    private static final String STREAMS_PREFIX = "streams.";
    private static final String OVERRIDE = "override";
    // The service reads these itself (local command, admin clients, state clean-up): a pass-through copy could disagree.
    private static final Set<String> OWN_KAFKA_KEYS = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG);
    // Kafka's legal topic characters; application.id prefixes the internal topics, so it obeys them too.
    // Under at-least-once the dedup entry and pair state are written before the outputs: restored state can be ahead of
    // the committed offsets, and a reprocessed record is then dropped as a duplicate, its charge lost.
    private static final String EXACTLY_ONCE_ONLY = "only " + StreamsConfig.EXACTLY_ONCE_V2 + " is supported: under "
            + StreamsConfig.AT_LEAST_ONCE + " a record reprocessed after a crash is dropped as a duplicate and its charge lost";
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([KMG]?B)?", Pattern.CASE_INSENSITIVE);
    private static final long MIN_ROCKSDB_MEMORY = 16L << 20;

    private enum Kind { NAME, TEXT, URL, PATH, BOOLEAN, PORT, COUNT, MILLIS, DURATION, GUARANTEE, BYTES }

    private record Key(String name, String defaultValue, Kind kind) {
    }

    private static final Map<String, Key> KNOWN = known(
            new Key("application.id", "convo-meter", Kind.NAME),
            new Key("bootstrap.servers", "localhost:9092", Kind.TEXT),
            new Key("schema.registry.url", "http://localhost:8081", Kind.URL),
            // Confluent's names; no default: without them the registry is asked without credentials (see RegistrySettings)
            new Key("schema.registry.basic.auth.credentials.source", null, Kind.TEXT),
            new Key("schema.registry.basic.auth.user.info", null, Kind.TEXT),
            new Key("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "convo-meter-state").toString(), Kind.PATH),
            new Key("topic.inbound-message", TopicNames.DEFAULTS.inboundMessage(), Kind.NAME),
            new Key("topic.ad-click", TopicNames.DEFAULTS.adClick(), Kind.NAME),
            new Key("topic.outbound-send", TopicNames.DEFAULTS.outboundSend(), Kind.NAME),
            new Key("topic.conversation-opened", TopicNames.DEFAULTS.conversationOpened(), Kind.NAME),
            new Key("topic.send-rejected", TopicNames.DEFAULTS.sendRejected(), Kind.NAME),
            new Key("topic.conversation-voided", TopicNames.DEFAULTS.conversationVoided(), Kind.NAME),
            new Key("topic.rejection-withdrawn", TopicNames.DEFAULTS.rejectionWithdrawn(), Kind.NAME),
            new Key("topic.dead-letter", TopicNames.DEFAULTS.deadLetter(), Kind.NAME),
            new Key("repartition.by.pair", "true", Kind.BOOLEAN),
            new Key("dedup.horizon", "P7D", Kind.DURATION),
            new Key("correction.horizon", "P7D", Kind.DURATION),
            new Key("max.future.skew", "PT1H", Kind.DURATION),
            new Key("expiry.interval", "PT1M", Kind.DURATION),
            new Key("http.enabled", "true", Kind.BOOLEAN),
            new Key("http.port", "8080", Kind.PORT),
            new Key("progress.interval", "PT30S", Kind.DURATION),
            new Key("shutdown.timeout", "PT30S", Kind.DURATION),
            // static membership (group.instance.id): a restarted instance gets its partitions back at once; no default
            new Key("instance.id", null, Kind.NAME),
            new Key("processing.guarantee", StreamsConfig.EXACTLY_ONCE_V2, Kind.GUARANTEE),
            new Key("num.standby.replicas", "0", Kind.COUNT),
            // Kafka commits every 100 ms under exactly-once; 1000 ms measured ~25% faster, for a little more output latency
            new Key("commit.interval.ms", "1000", Kind.MILLIS),
            // one block cache and memtable budget for every RocksDB store of the process (BoundedRocksDBConfig)
            new Key("rocksdb.memory", "128MB", Kind.BYTES));

    private static final Map<String, Key> BY_ENVIRONMENT_NAME = KNOWN.values().stream()
            .collect(Collectors.toUnmodifiableMap(key -> environmentName(key.name()), key -> key));

    // Keys set explicitly (known and pass-through), in the order they were set; defaults are not in here.
    private final Map<String, String> settings;
    private final List<String> warnings;

    private ServiceConfig(Map<String, String> settings, List<String> warnings) {
        this.settings = Collections.unmodifiableMap(settings);
        this.warnings = List.copyOf(warnings);
    }

    private static Map<String, Key> known(Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.name(), key);
        }
        return Collections.unmodifiableMap(map);
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
            readFile(file).forEach((key, value) -> put(settings, key, value, source));
        }
        List<String> ignored = new ArrayList<>();
        new TreeMap<>(env).forEach((variable, value) -> {
            if (variable.startsWith(ENV_PREFIX)) {
                String key = keyForEnvironment(variable);
                if (key == null) {
                    ignored.add(variable);
                } else {
                    put(settings, key, value, "environment variable " + variable);
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
        put(copy, key, Objects.requireNonNull(value, key), OVERRIDE);
        return new ServiceConfig(copy, warnings);
    }

    /** The variable that sets {@code key}: {@code CONVO_METER_} + the key upper-cased, '.' and '-' as '_'. */
    public static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every key the service itself reads, in reference order (pass-through keys are not listed). */
    public static List<String> knownKeys() {
        return List.copyOf(KNOWN.keySet());
    }

    /** The value in effect: set or default; null for an unset pass-through key or a key without default (instance.id). */
    public String get(String key) {
        String value = settings.get(key);
        if (value != null) {
            return value;
        }
        Key known = KNOWN.get(key);
        if (known == null && !isPassThrough(key)) {
            throw new IllegalArgumentException("unknown configuration key " + key);
        }
        return known == null ? null : known.defaultValue();
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

    public Path stateDir() {
        return Path.of(get("state.dir"));
    }

    public TopicNames topics() {
        return new TopicNames(get("topic.inbound-message"), get("topic.ad-click"), get("topic.outbound-send"),
                get("topic.conversation-opened"), get("topic.send-rejected"), get("topic.conversation-voided"),
                get("topic.rejection-withdrawn"), get("topic.dead-letter"));
    }

    /** The topology's settings; the service always keeps its state in RocksDB with changelogs. */
    public BillingSettings billing() {
        return new BillingSettings(flag("repartition.by.pair"),
                new DeduplicationHorizon(duration("dedup.horizon").toMillis()), duration("correction.horizon"),
                duration("max.future.skew"), duration("expiry.interval"), BillingSettings.Storage.DURABLE);
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

    /** The off-heap budget of all RocksDB stores together, in bytes ({@code rocksdb.memory}). */
    public long rocksdbMemory() {
        return bytes(get("rocksdb.memory"));
    }

    /** Whether this instance is a static member of its group ({@code instance.id} set). */
    public boolean staticMembership() {
        return get("instance.id") != null;
    }

    /**
     * Kafka Streams' configuration: the service's own keys, then every {@code kafka.} and then {@code streams.} pass-through
     * (prefix stripped), which override them.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, get("state.dir"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, get("processing.guarantee"));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, get("num.standby.replicas"));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, get("commit.interval.ms"));
        props.put(BoundedRocksDBConfig.MEMORY_CONFIG, rocksdbMemory());
        if (staticMembership()) {
            // Kafka Streams appends each stream thread's index to it
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, get("instance.id"));
        }
        props.putAll(passThrough(KAFKA_PREFIX));
        props.putAll(passThrough(STREAMS_PREFIX));
        return props;
    }

    /** For producers, consumers and admin clients outside Kafka Streams: bootstrap.servers and the kafka. pass-through. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(passThrough(KAFKA_PREFIX));
        return props;
    }

    private Map<String, String> passThrough(String prefix) {
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

    /** The key {@code variable} sets, or null when it names no setting. */
    private static String keyForEnvironment(String variable) {
        Key known = BY_ENVIRONMENT_NAME.get(variable);
        if (known != null) {
            return known.name();
        }
        String key = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return isPassThrough(key) ? key : null;
    }

    private static boolean isPassThrough(String key) {
        return key.startsWith(KAFKA_PREFIX) || key.startsWith(STREAMS_PREFIX);
    }

    private static void put(Map<String, String> settings, String key, String value, String source) {
        String trimmed = value.trim();
        Key known = KNOWN.get(key);
        if (known != null) {
            String problem = trimmed.isEmpty() ? "empty value" : problem(known.kind(), trimmed);
            if (problem != null) {
                throw new Invalid("invalid " + key + " '" + trimmed + "' (" + source + "): " + problem);
            }
        } else if (isPassThrough(key)) {
            String kafkaKey = key.substring(key.indexOf('.') + 1);
            if (kafkaKey.isEmpty()) {
                throw new Invalid("key " + key + " (" + source + ") names no Kafka setting after its prefix");
            }
            if (OWN_KAFKA_KEYS.contains(kafkaKey)) {
                throw new Invalid("key " + key + " (" + source + "): set " + kafkaKey
                        + " instead, the service reads it too");
            }
            if (BillingTopology.RELIED_ON_CONFIGS.contains(kafkaKey)) {
                throw new Invalid("key " + key + " (" + source + "): the billing topology sets " + kafkaKey
                        + " itself and relies on it");
            }
            // a pass-through of a convo-meter setting obeys the same rules, e.g. streams.processing.guarantee
            Key shadowed = KNOWN.get(kafkaKey);
            String problem = shadowed == null ? null : problem(shadowed.kind(), trimmed);
            if (problem != null) {
                throw new Invalid("invalid " + key + " '" + trimmed + "' (" + source + "): " + problem);
            }
        } else {
            throw new Invalid("unknown key '" + key + "' (" + source + "): not a convo-meter setting, "
                    + "nor a kafka. or streams. pass-through");
        }
        settings.put(key, trimmed);
    }

    /** What is wrong with {@code value} for a key of this kind, or null when it is fine. */
    private static String problem(Kind kind, String value) {
        return switch (kind) {
            case TEXT -> null;
            case NAME -> TOPIC_NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..")
                    ? null : "only letters, digits, '.', '_' and '-', at most 249";
            case URL -> urlProblem(value);
            case PATH -> pathProblem(value);
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                    ? null : "not true or false";
            case PORT -> numberProblem(value, 0, 65535, "a port number (0-65535, 0 for any free port)");
            case COUNT -> numberProblem(value, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
            case MILLIS -> numberProblem(value, 0, Long.MAX_VALUE, "a whole number of milliseconds, 0 or more");
            case DURATION -> durationProblem(value);
            case GUARANTEE -> value.equals(StreamsConfig.EXACTLY_ONCE_V2) ? null : EXACTLY_ONCE_ONLY;
            case BYTES -> SIZE.matcher(value).matches() && bytes(value) >= MIN_ROCKSDB_MEMORY
                    ? null : "not a size of at least 16MB, such as 128MB, 1GB or a number of bytes";
        };
    }

    /** A size: a number of bytes, or a number followed by KB, MB or GB (powers of 1024), any case. */
    private static long bytes(String value) {
        var matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: " + value);
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
    }

    private static String numberProblem(String value, long min, long max, String expected) {
        try {
            long number = Long.parseLong(value);
            return number >= min && number <= max ? null : "not " + expected;
        } catch (NumberFormatException e) {
            return "not " + expected;
        }
    }

    private static String durationProblem(String value) {
        try {
            // at least 1 ms: the horizon and Kafka's schedules count in milliseconds
            return Duration.parse(value).toMillis() >= 1 ? null : "not positive";
        } catch (DateTimeParseException e) {
            return "not an ISO-8601 duration such as PT30S, PT1M or P7D";
        }
    }

    private static String urlProblem(String value) {
        try {
            String scheme = new URI(value).getScheme();
            return Set.of("http", "https", "mock").contains(scheme) ? null : "not an http://, https:// or mock:// URL";
        } catch (URISyntaxException e) {
            return "not a URL";
        }
    }

    private static String pathProblem(String value) {
        try {
            Path.of(value);
            return null;
        } catch (InvalidPathException e) {
            return "not a path";
        }
    }
}
