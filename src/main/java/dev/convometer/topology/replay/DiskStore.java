package dev.convometer.topology.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A key-value store in a RocksDB database of its own, for {@link ReplayTask} when a replay's state would not fit in
 * the heap: the same byte order of keys as Kafka Streams' RocksDB stores, no changelog, no write-ahead log (the
 * database lives as long as one replay, in a directory the caller deletes). Scans copy what they return, as
 * {@link MemoryStore} does. Small write buffers and a shared block cache keep its native memory bounded.
 */
final class DiskStore extends ReplayStore<Bytes, byte[]> {
    private static final long WRITE_BUFFER_BYTES = 16L << 20;
    /** 8 shards: few threads use the cache, and a shard must hold the blocks a get needs at once. */
    private static final int CACHE_SHARD_BITS = 3;
    /** Index and filter partitions go to the high-priority pool: at most this share of the cache. */
    private static final double INDEX_FILTER_RATIO = 0.25;

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final BloomFilter filter;
    private final RocksDB db;

    DiskStore(String name, Path dir, Cache cache) {
        super(name);
        this.filter = new BloomFilter(10, false);
        // Partitioned index and filters: a whole-file filter block of a large table is bigger than a shard of the cache,
        // so it was read back and checksummed from the file on every get (measured: 10M events billed at 4k events/s).
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter)
                .setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true)
                .setCacheIndexAndFilterBlocks(true).setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinTopLevelIndexAndFilter(true);
        this.options = new Options().setCreateIfMissing(true).setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION).setTableFormatConfig(table);
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            close();
            throw new ProcessorStateException("cannot open store " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The block cache the stores of one replay share. */
    static Cache cache(long bytes) {
        return new LRUCache(bytes, CACHE_SHARD_BITS, false, INDEX_FILTER_RATIO);
    }

    @Override
    public byte[] get(Bytes key) {
        try {
            return db.get(key.get());
        } catch (RocksDBException e) {
            throw failed("read", e);
        }
    }

    @Override
    public void put(Bytes key, byte[] value) {
        try {
            if (value == null) {
                db.delete(writeOptions, key.get());
            } else {
                db.put(writeOptions, key.get(), value);
            }
        } catch (RocksDBException e) {
            throw failed("write", e);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] old = get(key);
        put(key, null);
        return old;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        if (from != null && to != null && from.compareTo(to) > 0) {
            return iterator(entries);
        }
        try (RocksIterator it = db.newIterator()) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from.get());
            }
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (to != null && Arrays.compareUnsigned(key, to.get()) > 0) {
                    break;
                }
                entries.add(KeyValue.pair(Bytes.wrap(key), it.value()));
            }
        }
        return iterator(entries);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return range(null, null);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] bytes = prefixKeySerializer.serialize(name(), prefix);
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(bytes); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, bytes)) {
                    break;
                }
                entries.add(KeyValue.pair(Bytes.wrap(key), it.value()));
            }
        }
        return iterator(entries);
    }

    @Override
    public long approximateNumEntries() {
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw failed("read", e);
        }
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
        writeOptions.close();
        options.close();
        filter.close();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    private ProcessorStateException failed(String what, RocksDBException e) {
        return new ProcessorStateException("cannot " + what + " store " + name() + ": " + e.getMessage(), e);
    }
}
