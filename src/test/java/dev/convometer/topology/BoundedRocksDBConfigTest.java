package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.InboundMessage;
import dev.convometer.domain.DeduplicationHorizon;
import dev.convometer.topology.serde.SchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.IndexType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every RocksDB store of the process within one budget: one block cache and one write buffer manager, shared. */
class BoundedRocksDBConfigTest {
    private static final long BUDGET = 32L << 20;

    @TempDir
    Path stateDir;

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void shouldShareOneCacheAndOneWriteBufferManagerWhenSetOnEveryStore() {
        RocksDBConfigSetter first = new BoundedRocksDBConfig();
        RocksDBConfigSetter second = new BoundedRocksDBConfig();
        try (Options pairState = new Options().setTableFormatConfig(new BlockBasedTableConfig()); Options history = new Options()) {
            first.setConfig("pair-state", pairState, Map.of(BoundedRocksDBConfig.MEMORY_CONFIG, BUDGET));
            second.setConfig("pair-history", history, Map.of(BoundedRocksDBConfig.MEMORY_CONFIG, Long.toString(BUDGET)));

            assertThat(pairState.writeBufferManager()).isNotNull().isSameAs(history.writeBufferManager())
                    .isSameAs(BoundedRocksDBConfig.shared(BUDGET).writeBuffers());
            for (Options options : new Options[] {pairState, history}) {
                BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
                assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
                assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
                assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
                assertThat(table.indexType()).isEqualTo(IndexType.kTwoLevelIndexSearch);
                assertThat(table.partitionFilters()).isTrue();
            }
            first.close("pair-state", pairState);
        }
    }

    @Test
    void shouldKeepTheSharedCacheOpenWhenAStoreCloses() {
        RocksDBConfigSetter setter = new BoundedRocksDBConfig();
        try (Options options = new Options()) {
            setter.setConfig("expiry-index", options, Map.of(BoundedRocksDBConfig.MEMORY_CONFIG, BUDGET));
            setter.close("expiry-index", options);
        }
        assertThat(BoundedRocksDBConfig.shared(BUDGET).cache().isOwningHandle()).isTrue();
        assertThat(BoundedRocksDBConfig.shared(BUDGET).writeBuffers().isOwningHandle()).isTrue();
    }

    @Test
    void shouldUseTheDefaultBudgetWhenNoneIsConfigured() {
        assertThat(BoundedRocksDBConfig.memory(Map.of())).isEqualTo(128L << 20);
        assertThat(BoundedRocksDBConfig.memory(Map.of(BoundedRocksDBConfig.MEMORY_CONFIG, "67108864"))).isEqualTo(64L << 20);
    }

    @Test
    void shouldBoundEveryBillingStoreWhenTheTopologyRunsWithRocksDB() {
        String scope = "bounded-rocksdb-test";
        Topics topics = new Topics(TopicNames.DEFAULTS, SchemaRegistry.forUrl("mock://" + scope));
        BillingCounters counters = new BillingCounters();
        Map<String, Object> streamsConfig = BillingTopology.streamsConfig(topics, counters);
        assertThat(streamsConfig).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDBConfig.class);

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(streamsConfig);
        props.put(BoundedRocksDBConfig.MEMORY_CONFIG, BUDGET);
        BillingSettings settings = new BillingSettings(true, DeduplicationHorizon.DEFAULT, Duration.ofDays(7), null,
                Duration.ofMinutes(1), BillingSettings.Storage.DURABLE);
        try (TopologyTestDriver driver = new TopologyTestDriver(BillingTopology.build(topics, settings, counters), props)) {
            Instant at = Instant.parse("2024-05-01T10:00:00Z");
            driver.createInputTopic(topics.inboundMessage.name(), new ByteArraySerializer(), topics.inboundMessage.valueSerde().serializer())
                    .pipeInput(null, new InboundMessage("in-1", "15550001", "447700900001", at, null), at);

            Map<String, Object> capacities = new java.util.TreeMap<>();
            for (Metric metric : driver.metrics().values()) {
                if (metric.metricName().name().equals("block-cache-capacity")) {
                    capacities.put(metric.metricName().tags().get("rocksdb-state-id"), metric.metricValue());
                }
            }
            assertThat(capacities).containsKeys(BillingTopology.PAIR_STATE_STORE, BillingTopology.PAIR_HISTORY_STORE, BillingTopology.EXPIRY_INDEX_STORE, BillingTopology.EXPIRY_CURSOR_STORE);
            assertThat(capacities.values()).allSatisfy(capacity -> assertThat(((Number) capacity).longValue()).isEqualTo(BUDGET));
        } finally {
            SchemaRegistry.dropMockScope(scope);
        }
    }
}
