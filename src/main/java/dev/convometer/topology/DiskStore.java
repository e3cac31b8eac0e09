package dev.convometer.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
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
final class DiskStore implements KeyValueStore<Bytes, byte[]> {
    private static final long WRITE_BUFFER_BYTES = 16L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final String name;
    private final Options options;
    private final WriteOptions writeOptions;
    private final BloomFilter filter;
    private final RocksDB db;

    DiskStore(String name, Path dir, Cache cache) {
        this.name = name;
        this.filter = new BloomFilter(10, false);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(filter)
                .setCacheIndexAndFilterBlocks(true);
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
        return new LRUCache(bytes);
    }

    @Override
    public String name() {
        return name;
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
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
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
            return MemoryStore.iterator(entries);
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
        return MemoryStore.iterator(entries);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return range(null, null);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] bytes = prefixKeySerializer.serialize(name, prefix);
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(bytes); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!MemoryStore.startsWith(key, bytes)) {
                    break;
                }
                entries.add(KeyValue.pair(Bytes.wrap(key), it.value()));
            }
        }
        return MemoryStore.iterator(entries);
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
    public void init(StateStoreContext context, StateStore root) {
        // opened by the constructor, for one replay
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

    @Override
    public boolean isOpen() {
        return true;
    }

    private ProcessorStateException failed(String what, RocksDBException e) {
        return new ProcessorStateException("cannot " + what + " store " + name + ": " + e.getMessage(), e);
    }
}
