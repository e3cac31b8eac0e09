package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.pricing.AccountSource;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.Era;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedMessage;
import dev.convometer.domain.pricing.PricingCategory;
import dev.convometer.domain.pricing.PricingModel;
import dev.convometer.domain.pricing.PricingRule;
import dev.convometer.domain.pricing.PricingType;
import dev.convometer.domain.pricing.UnpricedReason;
import dev.convometer.domain.pricing.VoidedPricedItem;
import dev.convometer.topology.serde.AvroSerde;
import dev.convometer.topology.serde.SchemaRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replay writes a priced item's line straight from the item; the priced sinks write its Avro record field by field, and
 * `local` and the live checks write the line from the record read back from its topic. Both must give the same line,
 * field for field and byte for byte.
 */
class PricedAvroTest {
    private static final String SCOPE = "priced-avro-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OPENED = Instant.parse("2025-06-30T23:59:59.999Z").toEpochMilli();

    private static final Charge RATED = new Charge(Era.CBP_2024, PricingModel.CBP, PricingCategory.of(Category.MARKETING),
            PricingType.REGULAR, PricingRule.P_CBP_REGULAR, true, "1042", "5021", "2025-06", AccountSource.RECORD, "GB",
            "United Kingdom", "USD", new BigDecimal("0.052900"), "2025-01", "1", null);
    private static final Charge NO_RATE = new Charge(Era.PMP_2025, PricingModel.PMP, PricingCategory.of(Category.UTILITY),
            PricingType.REGULAR, PricingRule.P_PMP_REGULAR, true, "1042", "1042", "2025-07", AccountSource.DEFAULT, null,
            "Other", "EUR", null, null, null, UnpricedReason.NO_RATE);

    private static final PricedConversation CONVERSATION = new PricedConversation("C/1555/4477/1751327999999/ev%2F1", "1555",
            "4477", Category.MARKETING, OPENED, OPENED + 86_400_000L, "ev/1", RATED);
    /** Ids with what JSON must escape, and what it must not. */
    private static final PricedMessage MESSAGE = new PricedMessage("M/1555/x/1/ev", "ev \"quoted\" \\ tab\there",
            "1555", "kund-ö-😀", OPENED + 1, MessageType.TEMPLATE, Category.UTILITY, NO_RATE, "C/1555/4477/1/ev");

    private final SchemaRegistry registry = SchemaRegistry.forUrl("mock://" + SCOPE);

    @AfterEach
    void dropScope() {
        SchemaRegistry.dropMockScope(SCOPE);
    }

    /** The record a consumer of the topic reads: the item written by {@code body}, read back with {@code type}'s schema. */
    private <T extends SpecificRecord, V> T readBack(Class<T> type, AvroSerde.Body<V> body, V item) {
        AvroSerde<T> serde = new AvroSerde<>(type, registry, false);
        byte[] bytes = serde.serializer(body).serialize("priced", item);
        return serde.deserializer().deserialize("priced", bytes);
    }

    @Test
    void shouldWriteTheLineOfTheRecordWhenAConversationIsWrittenFromTheItem() throws Exception {
        String line = BillingJson.priced(CONVERSATION);

        assertThat(line).isEqualTo(BillingJson.record(readBack(dev.convometer.avro.PricedConversation.class, PricedAvro::conversation, CONVERSATION)));
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("opened_at").asText()).isEqualTo("2025-06-30T23:59:59.999Z");
        assertThat(node.get("amount").asText()).isEqualTo("0.052900");
        assertThat(node.get("unpriced_reason").isNull()).isTrue();
    }

    @Test
    void shouldEscapeAsJacksonDoesWhenAMessageHasOddIds() throws Exception {
        String line = BillingJson.priced(MESSAGE);

        assertThat(line).isEqualTo(BillingJson.record(readBack(dev.convometer.avro.PricedMessage.class, PricedAvro::message, MESSAGE)));
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("event_id").asText()).isEqualTo(MESSAGE.eventId());
        assertThat(node.get("customer_id").asText()).isEqualTo("kund-ö-😀");
        assertThat(node.get("amount").isNull()).isTrue();
        assertThat(node.get("attributed_to").asText()).isEqualTo("C/1555/4477/1/ev");
    }

    @Test
    void shouldAddVoidedByLastWhenARecordIsVoided() throws Exception {
        VoidedPricedItem conversation = new VoidedPricedItem(CONVERSATION, "ev-late");
        VoidedPricedItem message = new VoidedPricedItem(MESSAGE, "ev-late");

        assertThat(BillingJson.pricedVoided(conversation)).isEqualTo(BillingJson.record(readBack(PricedConversationVoided.class, PricedAvro::conversationVoided, conversation)))
                .endsWith(",\"voided_by\":\"ev-late\"}")
                .startsWith(BillingJson.priced(CONVERSATION).substring(0, BillingJson.priced(CONVERSATION).length() - 1));
        assertThat(BillingJson.pricedVoided(message)).isEqualTo(BillingJson.record(readBack(PricedMessageVoided.class, PricedAvro::messageVoided, message)));
    }
}
