package dev.convometer.app.traffic;

import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.topology.AccountRecords;
import dev.convometer.topology.AvroEvents;
import dev.convometer.topology.PairKey;
import dev.convometer.topology.Topics;
import org.apache.avro.specific.SpecificRecord;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes traffic into the three input topics as Avro, keyed by pair ({@link PairKey}) and stamped with the event time,
 * in the order given, so that a processor with a fresh application.id re-bills history as replay does. An event
 * stamped in the future is stamped with the clock instead: a broker refuses a batch with a record more than
 * {@code log.message.timestamp.after.max.ms} (an hour) ahead, and with it the valid events beside it; the service reads
 * the event time from the event and bills it, or dead-letters it {@code timestamp_in_future} (SPEC 4). Business
 * accounts go to their own topic, keyed by business_id ({@link #publishAccounts}).
 */
public final class TrafficPublisher {
    /** How records are keyed, which decides their partition. */
    public enum Keys {
        /** By pair ({@link PairKey}): all events of a pair in one partition of each input, in the order given. */
        PAIR,
        /**
         * No key: the producer spreads records over the partitions as it likes, so a pair's events land in several
         * partitions and reach billing out of order (the service needs {@code repartition.by.pair=true}).
         */
        NONE
    }

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
    // Kafka's producer retries a failing partition for two minutes (delivery.timeout.ms) and waits a minute for metadata
    // (max.block.ms): publish fails within these instead, unless kafka.* says otherwise.
    private static final int DELIVERY_TIMEOUT_MS = 30_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;

    private final Properties clientProperties;
    private final Topics topics;
    private final PrintStream progress;

    public TrafficPublisher(Properties clientProperties, Topics topics, PrintStream progress) {
        this.clientProperties = clientProperties;
        this.topics = topics;
        this.progress = progress;
    }

    /** Publishes every event keyed by pair, waits until the broker acknowledged all of them, returns how many. */
    public long publish(List<TrafficLine> events) {
        return publish(events, Keys.PAIR);
    }

    /** Publishes every event keyed as {@code keys} says, waits until the broker acknowledged all of them, returns how many. */
    public long publish(List<TrafficLine> events, Keys keys) {
        return send(events.size(), i -> record(events.get(i), keys));
    }

    /**
     * Publishes each account history to the business-accounts topic as Avro {@code BusinessAccount} (PRICING 7.2),
     * keyed by business_id and stamped with the clock (the versions carry their own times), waits until the broker
     * acknowledged all of them, returns how many. Call it before publishing events: a live service prices an item
     * with the accounts it has read by then.
     */
    public long publishAccounts(Collection<AccountHistory> histories) {
        List<AccountHistory> accounts = List.copyOf(histories);
        Topics.Topic<String, BusinessAccount> topic = topics.businessAccounts;
        return send(accounts.size(), i -> {
            AccountHistory history = accounts.get(i);
            return new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), history.businessId()),
                    topic.valueSerde().serializer().serialize(topic.name(), AccountRecords.record(history)));
        });
    }

    /** Sends {@code count} records made by {@code record}, in order; flushes, and throws the first failure. */
    private long send(int count, IntFunction<ProducerRecord<byte[], byte[]>> record) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long lastProgress = started;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(clientProperties),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                if (failure.get() != null) {
                    break;
                }
                ProducerRecord<byte[], byte[]> next = record.apply(i);
                try {
                    producer.send(next, (metadata, exception) -> {
                        if (exception != null) {
                            String partition = metadata == null || metadata.partition() < 0 ? next.topic()
                                    : next.topic() + "-" + metadata.partition();
                            failure.compareAndSet(null, failed(partition, exception));
                        }
                    });
                } catch (KafkaException e) {
                    // no metadata for the topic within max.block.ms, or a record the producer refuses
                    failure.compareAndSet(null, failed(next.topic(), e));
                }
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                    lastProgress = System.nanoTime();
                    double seconds = (lastProgress - started) / 1e9;
                    progress.printf("publish: %d/%d records (%d%%), %.0f records/s%n", i + 1, count, (i + 1) * 100L / count, (i + 1) / seconds);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printf("publish: %d records in %.2f s (%.0f records/s)%n", count, seconds, seconds > 0 ? count / seconds : 0.0);
        return count;
    }

    /** The producer's settings: idempotent, acks=all, bounded timeouts, batching defaults; {@code clientProperties} may override all but the first two. */
    static Properties producerProperties(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        // the producer refuses a delivery timeout below linger.ms + request.timeout.ms, which kafka.* may have raised
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(DELIVERY_TIMEOUT_MS,
                millis(props, ProducerConfig.LINGER_MS_CONFIG) + millis(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)));
        return props;
    }

    private static int millis(Properties props, String key) {
        return Integer.parseInt(props.get(key).toString().trim());
    }

    /** One line naming where it failed and why. */
    private static IllegalStateException failed(String topicOrPartition, Exception cause) {
        String why = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        return new IllegalStateException("publishing to " + topicOrPartition + " failed: " + cause.getClass().getSimpleName() + why, cause);
    }

    private ProducerRecord<byte[], byte[]> record(TrafficLine event, Keys keys) {
        byte[] key = switch (keys) {
            case PAIR -> PairKey.encode(AvroEvents.toDomain(event.record()).pair());
            case NONE -> null;
        };
        Topics.Topic<byte[], ? extends SpecificRecord> topic = topics.input(event.kind());
        byte[] value = serialize(topic.valueSerde().serializer(), topic.name(), event.record());
        return new ProducerRecord<>(topic.name(), null, Math.min(event.timestamp(), System.currentTimeMillis()), key, value);
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] serialize(Serializer<V> serializer, String topic, Object record) {
        return serializer.serialize(topic, (V) record);
    }
}
