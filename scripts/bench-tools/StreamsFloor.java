import dev.convometer.topology.BoundedRocksDBConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams floor of scripts/bench: Kafka Streams with the service's shape and none of its work, to show what the
 * framework alone costs on this machine. Not part of the service.
 *
 * <p>{@code java -cp HELPERS StreamsFloor BOOTSTRAP APPLICATION_ID STATE_DIR PAIRS}
 *
 * <p>The three inputs are read as bytes (no Avro), re-keyed by a pair-like key (the value's hash modulo PAIRS, so each
 * key has as many events as a generated pair) through a repartition topic, and each event then does what an in-order
 * event of the billing processor does to its stores: one read and one write of a per-pair record, one write of a
 * per-event record, in two RocksDB stores with changelogs and the service's {@link BoundedRocksDBConfig}. Every fifth
 * event is forwarded to an output topic (the service writes about one output per five events). Exactly-once v2, and
 * the service's commit interval, producer batch size and no record cache. It runs until stopped (SIGTERM); the bench
 * times it to its group's commit of every input, as it times the service.
 */
public final class StreamsFloor {
    private static final String PAIR_STORE = "floor-pair";
    private static final String EVENT_STORE = "floor-event";

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StreamsFloor BOOTSTRAP APPLICATION_ID STATE_DIR PAIRS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String application = args[1];
        int pairs = Integer.parseInt(args[3]);
        String output = application + "-out";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(output, 3, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDBConfig.class);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(List.of("inbound-message", "ad-click", "outbound-send"),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inputs"))
                .selectKey((key, value) -> pairKey(value, pairs), Named.as("key-by-pair"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pair"))
                .process(new StoreWork(), Named.as("store-work"))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("output"));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            closed.countDown();
        }, "streams-floor-stop"));
        streams.start();
        closed.await();
    }

    private static byte[] pairKey(byte[] value, int pairs) {
        int pair = Math.floorMod(Arrays.hashCode(value), pairs);
        return ("business-" + pair % 500 + "/customer-" + pair).getBytes(StandardCharsets.UTF_8);
    }

    private static final class StoreWork implements ProcessorSupplier<byte[], byte[], byte[], byte[]> {
        @Override
        public Processor<byte[], byte[], byte[], byte[]> get() {
            return new Processor<>() {
                private ProcessorContext<byte[], byte[]> context;
                private KeyValueStore<Bytes, byte[]> pairRecords;
                private KeyValueStore<Bytes, byte[]> eventRecords;
                private long events;

                @Override
                public void init(ProcessorContext<byte[], byte[]> context) {
                    this.context = context;
                    this.pairRecords = context.getStateStore(PAIR_STORE);
                    this.eventRecords = context.getStateStore(EVENT_STORE);
                }

                @Override
                public void process(Record<byte[], byte[]> record) {
                    Bytes pair = Bytes.wrap(record.key());
                    byte[] stored = pairRecords.get(pair);
                    pairRecords.put(pair, stored == null ? new byte[64] : stored);
                    byte[] eventKey = ByteBuffer.allocate(record.key().length + 8).put(record.key()).putLong(record.timestamp()).array();
                    eventRecords.put(Bytes.wrap(eventKey), Arrays.copyOf(record.value(), Math.min(record.value().length, 64)));
                    if (events++ % 5 == 0) {
                        context.forward(record);
                    }
                }
            };
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAIR_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        }
    }
}
