package dev.convometer.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.TableFormatConfig;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process together (Kafka Streams' memory-management guide,
 * "BoundedMemoryRocksDBConfig"): one LRU block cache of {@link #MEMORY_CONFIG} bytes shared by all stores, with the
 * memtables charged against it through one shared {@link WriteBufferManager} (half of it at most), and index and
 * filter blocks kept in the cache too (partitioned, at high priority, top-level index pinned) instead of outside any
 * bound.
 * Without it each store of each task has its own 50 MB block cache and up to three 16 MB memtables, and the memory
 * grows with the number of tasks. Memtable and block sizes stay Kafka Streams' (16 MB, 4 KB): the buffer manager has
 * the largest memtable flushed once all of them together reach the memtable share.
 *
 * <p>Kafka Streams instantiates the setter once per store; the cache and the buffer manager are shared per budget for
 * the life of the process, so {@link #close} does not close them (closing them would pull them from under the other
 * stores). The cache's capacity limit is not strict, as in Kafka's example: a full cache evicts, it does not fail reads.
 */
public final class BoundedRocksDBConfig implements RocksDBConfigSetter {
    /** The budget in bytes, among the Kafka Streams configs (the service sets it from {@code rocksdb.memory}). */
    public static final String MEMORY_CONFIG = "convo-meter.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY = 128L << 20;
    /** Index and filter blocks go to the high-priority pool: at most this share of the cache. */
    static final double INDEX_FILTER_RATIO = 0.1;
    /** Memtables may take at most this share of the budget before the buffer manager has them flushed. */
    static final double MEMTABLE_RATIO = 0.5;

    record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    /** The objects every store with this budget shares; created once per budget and never closed. */
    static Shared shared(long memory) {
        return SHARED.computeIfAbsent(memory, bytes -> {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_RATIO);
            return new Shared(cache, new WriteBufferManager((long) (bytes * MEMTABLE_RATIO), cache));
        });
    }

    /** The budget among {@code configs}: a number of bytes (or its text); the default when absent. */
    static long memory(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        if (value == null) {
            return DEFAULT_MEMORY;
        }
        long memory = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        if (memory <= 0) {
            throw new IllegalArgumentException(MEMORY_CONFIG + " must be positive: " + value);
        }
        return memory;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(memory(configs));
        TableFormatConfig format = options.tableFormatConfig();
        BlockBasedTableConfig table = format instanceof BlockBasedTableConfig blockBased ? blockBased : new BlockBasedTableConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        // Partitioned: a table's whole index or filter block can outgrow a shard of the cache; it is then read back
        // from the file on every lookup (measured on replay's on-disk stores: billing fell to 4k events/s).
        table.setIndexType(IndexType.kTwoLevelIndexSearch);
        table.setPartitionFilters(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: they stay open
    }
}
