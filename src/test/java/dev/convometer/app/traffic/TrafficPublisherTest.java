package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer behind publish and local fails within bounded time, whatever kafka.* raises. */
class TrafficPublisherTest {

    private static Properties producer(String... keyValues) {
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            client.put(keyValues[i], keyValues[i + 1]);
        }
        return TrafficPublisher.producerProperties(client);
    }

    @Test
    void shouldBoundDeliveryAndMetadataWaitsWhenKafkaSettingsLeaveThemUnset() {
        assertThat(producer()).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void shouldKeepDeliveryTimeoutAboveLingerPlusRequestTimeoutWhenKafkaSettingsRaiseThem() {
        assertThat(producer("request.timeout.ms", "60000", "linger.ms", "100"))
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_100);
        assertThat(producer("delivery.timeout.ms", "300000")).as("an explicit setting wins")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
    }
}
