package dev.convometer.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** In-memory key-value stores, initialised against Kafka Streams' {@link MockProcessorContext}, for the stores' own classes. */
final class InMemoryStores {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    KeyValueStore<Bytes, byte[]> bytes(String name) {
        return store(name, Serdes.Bytes(), Serdes.ByteArray());
    }

    <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
