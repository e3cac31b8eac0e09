package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.topology.TopicNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalKafkaTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(START_TIMEOUT);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldServeProduceAndConsumeWhenStarted() throws Exception {
        String topic = "local-kafka-produce-consume";
        kafka.createTopics(3, List.of(topic));

        List<String> sent = List.of("a", "b", "c", "d", "e", "f");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-test",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < sent.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, "key-" + i, sent.get(i)));
            }
            producer.commitTransaction();
        }

        List<ConsumerRecord<byte[], byte[]>> received = CommittedRecords.readAll(kafka.bootstrapServers(), topic);

        assertThat(received).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }

    @Test
    void shouldCreateTopicsIdempotentlyWhenCalledTwice() throws Exception {
        List<String> names = List.of("local-kafka-idempotent-a", "local-kafka-idempotent-b");

        kafka.createTopics(2, names);
        kafka.createTopics(2, names);

        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            assertThat(topics).containsOnlyKeys(names);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
        }
    }

    @Test
    void shouldCreateTheAccountsTopicCompactedInOnePartitionWhenCreatingTheServicesTopics() throws Exception {
        TopicNames names = TopicNames.DEFAULTS;

        kafka.createTopics(3, names);

        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(names.all()).allTopicNames().get();
            assertThat(topics.get(names.businessAccounts()).partitions()).hasSize(1);
            assertThat(topics.get(names.inboundMessage()).partitions()).hasSize(3);
            assertThat(topics.get(names.pricedMessage()).partitions()).hasSize(3);
            ConfigResource accounts = new ConfigResource(ConfigResource.Type.TOPIC, names.businessAccounts());
            ConfigResource inbound = new ConfigResource(ConfigResource.Type.TOPIC, names.inboundMessage());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(accounts, inbound)).all().get();
            assertThat(configs.get(accounts).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(configs.get(inbound).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }

    @Test
    void shouldDeleteItsDirectoryWhenClosed() throws Exception {
        LocalKafka other = LocalKafka.start(START_TIMEOUT);
        Path directory;
        InetSocketAddress address;
        try {
            directory = other.directory();
            String[] hostPort = other.bootstrapServers().split(":");
            address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
            assertThat(hostPort[0]).isEqualTo("127.0.0.1");
            assertThat(directory.resolve("server.log")).isRegularFile();
            assertThat(directory.resolve("server.properties")).isRegularFile();
            assertThat(accepts(address)).isTrue();
        } finally {
            other.close();
        }

        assertThat(Files.exists(directory)).isFalse();
        assertThat(accepts(address)).isFalse();
        other.close(); // idempotent
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
