package dev.convometer.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.cli.ConvoMeter;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.topology.Topics;
import dev.convometer.topology.serde.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish --accounts} on a real broker: business accounts into their topic, as the service reads them (PRICING 7.2). */
class PublishAccountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalKafka kafka;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = SharedBroker.kafka();
    }

    @Test
    void shouldPublishEachValidAccountKeyedByBusinessAndDeadLetterTheInvalidLineWhenPublishGetsAccountsAndTraffic() throws Exception {
        ServiceConfig config = SharedBroker.freshConfig("accounts", dir.resolve("state"));
        kafka.createTopics(1, config.topics());
        Path accounts = Files.writeString(dir.resolve("accounts.jsonl"), String.join("\n",
                "{\"business_id\":\"b1\",\"versions\":[{\"waba_id\":\"w1\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}",
                "{\"business_id\":\"b2\",\"versions\":[{\"waba_id\":\"w2\",\"time_zone\":\"+05:30\",\"currency\":\"USD\"}]}",
                "{\"business_id\":\"b2\",\"versions\":[{\"waba_id\":\"w2\",\"time_zone\":\"Asia/Kolkata\",\"currency\":\"$US\"},"
                        + "{\"valid_from\":\"2025-07-01T00:00:00Z\",\"waba_id\":\"w3\",\"portfolio_id\":\"p3\",\"time_zone\":\"UTC\",\"currency\":\"EUR\"}]}",
                ""));
        Path traffic = Files.writeString(dir.resolve("traffic.jsonl"), "{\"type\":\"inbound_message\",\"event_id\":\"i1\","
                + "\"business_id\":\"b1\",\"customer_id\":\"c1\",\"timestamp\":\"2025-07-01T01:00:00Z\"}\n");
        Path dead = dir.resolve("dead.jsonl");

        int status = run("publish", "--accounts", accounts.toString(), "--input", traffic.toString(), "--dead-letter", dead.toString(),
                "--config", properties(config).toString());

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("published 2 accounts to " + config.topics().businessAccounts())
                .contains("(1 lines not valid)").contains("published 1 events");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("publish: 2 accounts and 1 events to publish, 1 lines not published");
        List<String> deadLetters = Files.readAllLines(dead);
        assertThat(deadLetters).hasSize(1);
        JsonNode deadLetter = JSON.readTree(deadLetters.get(0));
        assertThat(deadLetter.get("line").asInt()).isEqualTo(2);
        assertThat(deadLetter.get("reason").asText()).startsWith("invalid_account: ").contains("+05:30");

        Topics topics = new Topics(config.topics(), SchemaRegistry.forUrl(config.schemaRegistryUrl()));
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().businessAccounts());
        assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("b1", "b2");
        assertThat(records).allSatisfy(r -> assertThat(r.value()[0]).as("registry wire format: magic byte 0, then the schema id").isZero());
        BusinessAccount b2 = topics.businessAccounts.valueSerde().deserializer().deserialize(records.get(1).topic(), records.get(1).value());
        assertThat(b2.getVersions()).containsExactly(new AccountVersion(null, "w2", "w2", "Asia/Kolkata", "USD"),
                new AccountVersion(Instant.parse("2025-07-01T00:00:00Z"), "w3", "p3", "UTC", "EUR"));
        assertThat(CommittedRecords.readAll(kafka.bootstrapServers(), config.topics().inboundMessage())).hasSize(1);
        assertThat(cleanupPolicy(config.topics().businessAccounts())).as("as local creates it: the last history of each business").isEqualTo("compact");
        assertThat(cleanupPolicy(config.topics().inboundMessage())).isEqualTo("delete");
    }

    private static String cleanupPolicy(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }

    private int run(String... args) {
        return ConvoMeter.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The broker, the test's registry scope and its topics, as publish reads them. */
    private Path properties(ServiceConfig config) throws Exception {
        return Files.writeString(dir.resolve("publish.properties"), String.join("\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "schema.registry.url=" + config.schemaRegistryUrl(),
                "topic.business-accounts=" + config.topics().businessAccounts(),
                "topic.inbound-message=" + config.topics().inboundMessage(),
                "topic.ad-click=" + config.topics().adClick(),
                "topic.outbound-send=" + config.topics().outboundSend()));
    }
}
