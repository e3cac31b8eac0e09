package dev.convometer.topology.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Cache;

/**
 * Where the replay tasks keep the state that grows with the events (the pair history): in
 * the heap ({@link #inMemory}), or in RocksDB databases under a temporary directory ({@link #onDisk}) when it would not
 * fit there. The other stores hold a few entries per pair and stay in the heap. The caller deletes the directory after
 * {@link #close}.
 */
public final class ReplayState implements AutoCloseable {
    private static final long CACHE_BYTES = 64L << 20;

    private final Path dir;
    private final Cache cache;
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
