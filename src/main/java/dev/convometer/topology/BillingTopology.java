package dev.convometer.topology;

import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.VoidedPricedItem;
import dev.convometer.topology.serde.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The billing topology, built in one place from explicitly named nodes:
 * three sources (one per input, each with its own Avro deserializer and event-time extractor) -> contract check and
 * re-key by pair -> merge -> the pair repartition topic -> billing (pair state, pair history, expiry
 * index) -> the conversation-opened, send-rejected, conversation-voided and rejection-withdrawn sinks. With pricing
 * enabled, also the business-accounts topic read into a global store (every instance prices every business: pairs
 * are not partitioned by business) and the four priced sinks; and billing's counter deltas -> the counter repartition
 * topic (keyed by counter) -> the counter stage (counter items, heads, months) -> four more sinks into the priced
 * topics (PRICING 7.13). Inputs that cannot be read or break the contract go to
 * the dead-letter topic through Kafka Streams' error handlers.
 */
public final class BillingTopology {
    public static final String PAIR_STATE_STORE = "pair-state";
    public static final String EXPIRY_INDEX_STORE = "expiry-index";
    public static final String EXPIRY_CURSOR_STORE = "expiry-cursor";
    public static final String PAIR_HISTORY_STORE = "pair-history";
    /** The global store of business accounts, fed by the business-accounts topic (PRICING 7.2). */
    public static final String ACCOUNTS_STORE = "business-accounts";
    /** Kafka Streams names the topic {@code <application.id>-pair-repartition}. */
    public static final String REPARTITION = "pair";
    static final String COUNTERS_CONFIG = "convo-meter.billing-counters";
    /** The Kafka Streams settings {@link #streamsConfig} sets: configuration must not override them. */
    public static final Set<String> RELIED_ON_CONFIGS = Set.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
            StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG,
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
    public static final String OPENED_SINK = "conversation-opened-sink";
    public static final String REJECTED_SINK = "send-rejected-sink";
    public static final String VOIDED_SINK = "conversation-voided-sink";
    public static final String WITHDRAWN_SINK = "rejection-withdrawn-sink";
    public static final String PRICED_CONVERSATION_SINK = "priced-conversation-sink";
    public static final String PRICED_MESSAGE_SINK = "priced-message-sink";
    public static final String PRICED_CONVERSATION_VOIDED_SINK = "priced-conversation-voided-sink";
    public static final String PRICED_MESSAGE_VOIDED_SINK = "priced-message-voided-sink";
    /** Where billing forwards the counter deltas of counted items (PRICING 7.13), on their way to the counter stage. */
    public static final String COUNTER_DELTAS = "counter-deltas";
    /** Kafka Streams names the topic {@code <application.id>-counter-repartition}: counter deltas keyed by counter. */
    public static final String COUNTER_REPARTITION = "counter";
    public static final String COUNTER_STAGE = "counter-stage";
    /** The counter stage's stores ({@link CounterStore}): items in P-ORDER, heads, counters by billing month. */
    public static final String COUNTER_ITEMS_STORE = "counter-items";
    public static final String COUNTER_HEADS_STORE = "counter-heads";
    public static final String COUNTER_MONTHS_STORE = "counter-months";
    /** The counter stage's own sinks into the four priced topics. */
    public static final String COUNTED_PRICED_CONVERSATION_SINK = "counted-" + PRICED_CONVERSATION_SINK;
    public static final String COUNTED_PRICED_MESSAGE_SINK = "counted-" + PRICED_MESSAGE_SINK;
    public static final String COUNTED_PRICED_CONVERSATION_VOIDED_SINK = "counted-" + PRICED_CONVERSATION_VOIDED_SINK;
    public static final String COUNTED_PRICED_MESSAGE_VOIDED_SINK = "counted-" + PRICED_MESSAGE_VOIDED_SINK;

    private BillingTopology() {
    }

    public static Topology build(Topics topics, BillingSettings settings, BillingCounters counters) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<Pair, TrafficEvent> traffic = checked(builder, topics.inboundMessage, settings)
                .merge(checked(builder, topics.adClick, settings), Named.as("merge-ad-click"))
                .merge(checked(builder, topics.outboundSend, settings), Named.as("merge-outbound-send"));
        if (settings.repartitionByPair()) {
            traffic = traffic.repartition(Repartitioned.with(topics.pairSerde, topics.repartitionSerde).withName(REPARTITION));
        }
        // written by the accounts processor on the global thread, read by every billing task of this instance
        AccountChanges accountChanges = new AccountChanges();
        KStream<String, Object> billed = traffic.process(new Stage<Pair, TrafficEvent>(
                () -> new BillingProcessor(settings, counters, accountChanges),
                Set.of(store(PAIR_STATE_STORE, Serdes.Bytes(), Serdes.ByteArray(), settings),
                        store(PAIR_HISTORY_STORE, Serdes.Bytes(), Serdes.ByteArray(), settings),
                        store(EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray(), settings),
                        store(EXPIRY_CURSOR_STORE, Serdes.String(), Serdes.Long(), settings))), Named.as("billing"));
        billed.to(topics.conversationOpened.name(), Produced.with(Serdes.String(), asRecordSerde(topics.conversationOpened.valueSerde())).withName(OPENED_SINK));
        billed.to(topics.sendRejected.name(), Produced.with(Serdes.String(), asRecordSerde(topics.sendRejected.valueSerde())).withName(REJECTED_SINK));
        billed.to(topics.conversationVoided.name(), Produced.with(Serdes.String(), asRecordSerde(topics.conversationVoided.valueSerde())).withName(VOIDED_SINK));
        billed.to(topics.rejectionWithdrawn.name(), Produced.with(Serdes.String(), asRecordSerde(topics.rejectionWithdrawn.valueSerde())).withName(WITHDRAWN_SINK));
        if (settings.pricing() != null) {
            builder.addGlobalStore(keyValueStore(ACCOUNTS_STORE, Serdes.String(), topics.businessAccounts.valueSerde(), settings).withLoggingDisabled(),
                    topics.businessAccounts.name(), Consumed.with(Serdes.String(), topics.businessAccounts.valueSerde())
                            .withName(topics.businessAccounts.name() + "-source"),
                    () -> new AccountsProcessor(counters, accountChanges));
            toPriced(billed, topics, "");
            KStream<String, Object> counted = billed.mapValues(value -> (CounterDelta) value, Named.as(COUNTER_DELTAS))
                    .repartition(Repartitioned.with(Serdes.String(), CounterFormat.deltaSerde()).withName(COUNTER_REPARTITION))
                    .process(new Stage<String, CounterDelta>(() -> new CounterStage(settings, counters),
                            Set.of(store(COUNTER_ITEMS_STORE, Serdes.Bytes(), Serdes.ByteArray(), settings),
                                    store(COUNTER_HEADS_STORE, Serdes.String(), Serdes.ByteArray(), settings),
                                    store(COUNTER_MONTHS_STORE, Serdes.Bytes(), Serdes.ByteArray(), settings))),
                            Named.as(COUNTER_STAGE));
            toPriced(counted, topics, "counted-");
        }
        return builder.build();
    }

    /** The four priced sinks of {@code stream}, named {@code prefix} + the priced sinks' names. */
    private static void toPriced(KStream<String, Object> stream, Topics topics, String prefix) {
        stream.to(topics.pricedConversation.name(), Produced.with(Serdes.String(), asAvro(topics.pricedConversation, PricedConversation.class, PricedAvro::conversation))
                .withName(prefix + PRICED_CONVERSATION_SINK));
        stream.to(topics.pricedMessage.name(), Produced.with(Serdes.String(), asAvro(topics.pricedMessage, PricedMessage.class, PricedAvro::message))
                .withName(prefix + PRICED_MESSAGE_SINK));
        stream.to(topics.pricedConversationVoided.name(), Produced.with(Serdes.String(), asAvro(topics.pricedConversationVoided, VoidedPricedItem.class, PricedAvro::conversationVoided))
                .withName(prefix + PRICED_CONVERSATION_VOIDED_SINK));
        stream.to(topics.pricedMessageVoided.name(), Produced.with(Serdes.String(), asAvro(topics.pricedMessageVoided, VoidedPricedItem.class, PricedAvro::messageVoided))
                .withName(prefix + PRICED_MESSAGE_VOIDED_SINK));
    }

    /**
     * Settings the topology relies on: dead letters through Kafka Streams' handlers (which count them in
     * {@code counters}), every internal resource named, the RocksDB stores within one memory budget
     * ({@link BoundedRocksDBConfig}; its size is {@link BoundedRocksDBConfig#MEMORY_CONFIG}, 128 MB when absent).
     */
    public static Map<String, Object> streamsConfig(Topics topics, BillingCounters counters) {
        Map<String, Object> config = new HashMap<>();
        config.put(COUNTERS_CONFIG, counters);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableRecordHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorHandler.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDBConfig.class);
        return config;
    }

    /** The handlers are instantiated by Kafka Streams; they find the counters among the configs. */
    static BillingCounters counters(Map<String, ?> configs) {
        Object counters = configs.get(COUNTERS_CONFIG);
        if (!(counters instanceof BillingCounters billingCounters)) {
            throw new IllegalStateException(COUNTERS_CONFIG + " missing: build the streams config with BillingTopology.streamsConfig");
        }
        return billingCounters;
    }

    private static <V> KStream<Pair, TrafficEvent> checked(StreamsBuilder builder, Topics.Topic<byte[], V> topic, BillingSettings settings) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(settings.maxFutureSkew()))
                        .withName(topic.name() + "-source"))
                .process(() -> new KeyByPair<V>(settings.maxFutureSkew()), Named.as(topic.name() + "-contract-check"));
    }

    /** Billing forwards each output type only to its own sink, so the sink's serde always sees its own type. */
    @SuppressWarnings("unchecked")
    private static Serde<Object> asRecordSerde(Serde<? extends SpecificRecord> serde) {
        return (Serde<Object>) (Serde<?>) serde;
    }

    /**
     * A priced sink's serde: billing forwards the priced item itself (replay writes it as a line and never needs the
     * record), written here as the topic's Avro record ({@link PricedAvro}). A sink only serializes.
     */
    private static <T> Serde<Object> asAvro(Topics.Topic<String, ?> topic, Class<T> type, AvroSerde.Body<T> body) {
        Serializer<T> avro = topic.writing(body);
        Serializer<Object> items = (name, value) -> avro.serialize(name, type.cast(value));
        return Serdes.serdeFrom(items, (name, bytes) -> {
            throw new UnsupportedOperationException("a priced sink is never read through its serde");
        });
    }

    /** A processor and its stores, declared where Kafka Streams looks for them ({@link ProcessorSupplier#stores()}). */
    private record Stage<K, V>(Supplier<Processor<K, V, String, Object>> processor, Set<StoreBuilder<?>> stores)
            implements ProcessorSupplier<K, V, String, Object> {
        @Override
        public Processor<K, V, String, Object> get() {
            return processor.get();
        }
    }

    /** A processor's store: changelogged, except in memory (a topology that lives as long as one process). */
    private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keySerde, Serde<V> valueSerde, BillingSettings settings) {
        StoreBuilder<KeyValueStore<K, V>> store = keyValueStore(name, keySerde, valueSerde, settings);
        return settings.storage() == BillingSettings.Storage.IN_MEMORY ? store.withLoggingDisabled() : store.withLoggingEnabled(Map.of());
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(String name, Serde<K> keySerde, Serde<V> valueSerde,
                                                                          BillingSettings settings) {
        return Stores.keyValueStoreBuilder(settings.storage() == BillingSettings.Storage.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name), keySerde, valueSerde);
    }
}
