package dev.convometer.app.service;

import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.TierScope;
import dev.convometer.topology.BillingTopology;
import dev.convometer.topology.TopicNames;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which keys a setting may have, and what its value may be: the keys the service reads (each with its default and
 * {@link SettingKind}), the {@code kafka.} and {@code streams.} pass-through keys and what they may not set, and the
 * environment variable of each key.
 */
final class SettingKeys {
    static final String ENV_PREFIX = "CONVO_METER_";
    static final String KAFKA_PREFIX = "kafka.";
    static final String STREAMS_PREFIX = "streams.";
    /** Read by the launcher {@code bin/convo-meter} (JVM options, the jar), not by the service: never warned about. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("CONVO_METER_HEAP_OPTS", "CONVO_METER_JAR");
    // The service reads these itself (local command, admin clients, state clean-up): a pass-through copy could disagree.
    private static final Set<String> OWN_KAFKA_KEYS = Set.of(StreamsConfig.APPLICATION_ID_CONFIG,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG);

    private record Key(String name, String defaultValue, SettingKind kind) {
    }

    private static final Map<String, Key> KNOWN = known(
            new Key("application.id", "convo-meter", SettingKind.NAME),
            new Key("bootstrap.servers", "localhost:9092", SettingKind.TEXT),
            new Key("schema.registry.url", "http://localhost:8081", SettingKind.URL),
            // Confluent's names; no default: without them the registry is asked without credentials (see RegistrySettings)
            new Key("schema.registry.basic.auth.credentials.source", null, SettingKind.TEXT),
            new Key("schema.registry.basic.auth.user.info", null, SettingKind.TEXT),
            new Key("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "convo-meter-state").toString(), SettingKind.PATH),
            new Key("topic.inbound-message", TopicNames.DEFAULTS.inboundMessage(), SettingKind.NAME),
            new Key("topic.ad-click", TopicNames.DEFAULTS.adClick(), SettingKind.NAME),
            new Key("topic.outbound-send", TopicNames.DEFAULTS.outboundSend(), SettingKind.NAME),
            new Key("topic.conversation-opened", TopicNames.DEFAULTS.conversationOpened(), SettingKind.NAME),
            new Key("topic.send-rejected", TopicNames.DEFAULTS.sendRejected(), SettingKind.NAME),
            new Key("topic.conversation-voided", TopicNames.DEFAULTS.conversationVoided(), SettingKind.NAME),
            new Key("topic.rejection-withdrawn", TopicNames.DEFAULTS.rejectionWithdrawn(), SettingKind.NAME),
            new Key("topic.dead-letter", TopicNames.DEFAULTS.deadLetter(), SettingKind.NAME),
            new Key("topic.business-accounts", TopicNames.DEFAULTS.businessAccounts(), SettingKind.NAME),
            new Key("topic.priced-conversation", TopicNames.DEFAULTS.pricedConversation(), SettingKind.NAME),
            new Key("topic.priced-message", TopicNames.DEFAULTS.pricedMessage(), SettingKind.NAME),
            new Key("topic.priced-conversation-voided", TopicNames.DEFAULTS.pricedConversationVoided(), SettingKind.NAME),
            new Key("topic.priced-message-voided", TopicNames.DEFAULTS.pricedMessageVoided(), SettingKind.NAME),
            // pricing (PRICING 7.10): off unless enabled; the tables are read and checked at start
            new Key("pricing.enabled", "false", SettingKind.BOOLEAN),
            new Key("pricing.default-time-zone", "UTC", SettingKind.TEXT),
            new Key("pricing.default-currency", "USD", SettingKind.TEXT),
            // no default: no rate card prices every regular item no_rate; the country-market table is required
            new Key("pricing.rate-card.path", null, SettingKind.PATH),
            new Key("pricing.country-markets.path", null, SettingKind.PATH),
            // the monthly counters (PRICING 7.11): 0 frees nothing by count
            new Key("pricing.cbp.free-tier", String.valueOf(CounterSettings.DEFAULT_FREE_TIER), SettingKind.COUNT),
            new Key("pricing.pmp.service-free-tier", String.valueOf(CounterSettings.DEFAULT_FREE_TIER), SettingKind.COUNT),
            new Key("pricing.tier-scope", TierScope.PORTFOLIO.wireName(), SettingKind.TEXT),
            new Key("repartition.by.pair", "true", SettingKind.BOOLEAN),
            new Key("dedup.horizon", "P7D", SettingKind.DURATION),
            new Key("correction.horizon", "P7D", SettingKind.DURATION),
            new Key("max.future.skew", "PT1H", SettingKind.DURATION),
            new Key("expiry.interval", "PT1H", SettingKind.DURATION),
            new Key("http.enabled", "true", SettingKind.BOOLEAN),
            new Key("http.port", "8080", SettingKind.PORT),
            new Key("progress.interval", "PT30S", SettingKind.DURATION),
            new Key("shutdown.timeout", "PT30S", SettingKind.DURATION),
            // static membership (group.instance.id): a restarted instance gets its partitions back at once; no default
            new Key("instance.id", null, SettingKind.NAME),
            new Key("processing.guarantee", StreamsConfig.EXACTLY_ONCE_V2, SettingKind.GUARANTEE),
            new Key("num.standby.replicas", "0", SettingKind.COUNT),
            // Kafka commits every 100 ms under exactly-once; 1000 ms measured ~25% faster, for a little more output latency
            new Key("commit.interval.ms", "1000", SettingKind.MILLIS),
            // one block cache and memtable budget for every RocksDB store of the process (BoundedRocksDBConfig)
            new Key("rocksdb.memory", "128MB", SettingKind.BYTES));

    private static final Map<String, Key> BY_ENVIRONMENT_NAME = KNOWN.values().stream()
            .collect(Collectors.toUnmodifiableMap(key -> environmentName(key.name()), key -> key));

    private SettingKeys() {
    }

    private static Map<String, Key> known(Key... keys) {
        Map<String, Key> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.name(), key);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Every key the service itself reads, in reference order (pass-through keys are not listed). */
    static List<String> known() {
        return List.copyOf(KNOWN.keySet());
    }

    /**
     * The default of {@code key}: null for a pass-through key or a key without default (instance.id).
     *
     * @throws IllegalArgumentException for a key that is neither known nor a pass-through
     */
    static String defaultValue(String key) {
        Key known = KNOWN.get(key);
        if (known == null && !isPassThrough(key)) {
            throw new IllegalArgumentException("unknown configuration key " + key);
        }
        return known == null ? null : known.defaultValue();
    }

    /** The variable that sets {@code key}: {@code CONVO_METER_} + the key upper-cased, '.' and '-' as '_'. */
    static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key {@code variable} (a {@code CONVO_METER_} variable) sets, or null when it names no setting. */
    static String keyForEnvironment(String variable) {
        Key known = BY_ENVIRONMENT_NAME.get(variable);
        if (known != null) {
            return known.name();
        }
        String key = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return isPassThrough(key) ? key : null;
    }

    static boolean isPassThrough(String key) {
        return key.startsWith(KAFKA_PREFIX) || key.startsWith(STREAMS_PREFIX);
    }

    /**
     * {@code value} trimmed, when {@code key} may be set to it; {@code source} says where it was set, for the message.
     *
     * @throws ServiceConfig.Invalid for an unknown key, a pass-through of what the service or the topology sets itself,
     *     or a bad value
     */
    static String checked(String key, String value, String source) {
        String trimmed = value.trim();
        Key known = KNOWN.get(key);
        if (known != null) {
            String problem = trimmed.isEmpty() ? "empty value" : known.kind().problem(trimmed);
            if (problem != null) {
                throw new ServiceConfig.Invalid("invalid " + key + " '" + trimmed + "' (" + source + "): " + problem);
            }
        } else if (isPassThrough(key)) {
            String kafkaKey = key.substring(key.indexOf('.') + 1);
            if (kafkaKey.isEmpty()) {
                throw new ServiceConfig.Invalid("key " + key + " (" + source + ") names no Kafka setting after its prefix");
            }
            if (OWN_KAFKA_KEYS.contains(kafkaKey)) {
                throw new ServiceConfig.Invalid("key " + key + " (" + source + "): set " + kafkaKey
                        + " instead, the service reads it too");
            }
            if (BillingTopology.RELIED_ON_CONFIGS.contains(kafkaKey)) {
                throw new ServiceConfig.Invalid("key " + key + " (" + source + "): the billing topology sets " + kafkaKey
                        + " itself and relies on it");
            }
            // a pass-through of a convo-meter setting obeys the same rules, e.g. streams.processing.guarantee
            Key shadowed = KNOWN.get(kafkaKey);
            String problem = shadowed == null ? null : shadowed.kind().problem(trimmed);
            if (problem != null) {
                throw new ServiceConfig.Invalid("invalid " + key + " '" + trimmed + "' (" + source + "): " + problem);
            }
        } else {
            throw new ServiceConfig.Invalid("unknown key '" + key + "' (" + source + "): not a convo-meter setting, "
                    + "nor a kafka. or streams. pass-through");
        }
        return trimmed;
    }
}
