package dev.convometer.topology.replay;

import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.topology.AccountRecords;
import dev.convometer.topology.BillingTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rocksdb.Cache;

/**
 * Where the replay tasks keep the state that grows with the events (the pair history), and the business accounts they
 * all read: the history in
 * the heap ({@link #inMemory}), or in RocksDB databases under a temporary directory ({@link #onDisk}) when it would not
 * fit there. The other stores hold a few entries per pair and stay in the heap. The caller deletes the directory after
 * {@link #close}.
 */
public final class ReplayState implements AutoCloseable {
    private static final long CACHE_BYTES = 64L << 20;

    private final Path dir;
    private final Cache cache;
    private final MemoryStore<String, BusinessAccount> accounts = MemoryStore.pointOnly(BillingTopology.ACCOUNTS_STORE);
    private int tasks;

    private ReplayState(Path dir, Cache cache) {
        this.dir = dir;
        this.cache = cache;
    }

    public static ReplayState inMemory() {
        return new ReplayState(null, null);
    }

    /** RocksDB databases in {@code dir} (an empty directory the caller owns), sharing one 64 MB block cache. */
    public static ReplayState onDisk(Path dir) {
        return new ReplayState(dir, DiskStore.cache(CACHE_BYTES));
    }

    /**
     * The business accounts every task prices with (PRICING 7.2), by business_id: replay reads them all before the
     * first event. Held as the records the live global store holds.
     */
    public void holdAccounts(Map<String, AccountHistory> histories) {
        histories.forEach((businessId, history) -> accounts.put(businessId, AccountRecords.record(history)));
    }

    MemoryStore<String, BusinessAccount> accounts() {
        return accounts;
    }

    public boolean onDisk() {
        return dir != null;
    }

    /** The store {@code name} of the next task; null when it is kept in memory. */
    synchronized DiskStore diskStore(String name, int task) {
        if (dir == null) {
            return null;
        }
        try {
            return new DiskStore(name, Files.createDirectories(dir.resolve(task + "-" + name)), cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized int nextTask() {
        return tasks++;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
