package dev.convometer.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * For the benchmarks: a temporary state directory and RocksDB stores in it, built as the service builds them
 * ({@code Stores.persistentKeyValueStore}, no cache; no changelog, there is no broker). Closing closes the stores and
 * deletes the directory.
 */
final class BenchState implements AutoCloseable {
    private final Path dir;
    private final MockProcessorContext<Object, Object> context;
    private final List<StateStore> stores = new ArrayList<>();

    BenchState(String applicationId) throws IOException {
        dir = Files.createTempDirectory("convo-meter-" + applicationId + "-");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
    }

    @SuppressWarnings("deprecation")
    <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        stores.add(store);
        return store;
    }

    /** Bytes in the state directory once every store is flushed (RocksDB's files: what a month of state takes on disk). */
    long bytesOnDisk() throws IOException {
        stores.forEach(StateStore::flush);
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    /** The value of {@code --name N} in {@code args}, or {@code otherwise}; any other option fails, naming {@code known}. */
    static int option(String[] args, String name, int otherwise, String known) {
        int value = otherwise;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (" + known + ")");
            }
            if (args[i].equals(name)) {
                value = Integer.parseInt(args[i + 1]);
            }
        }
        return value;
    }

    @Override
    public void close() {
        stores.forEach(StateStore::close);
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
