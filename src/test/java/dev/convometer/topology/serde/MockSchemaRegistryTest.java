package dev.convometer.topology.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.OutboundSend;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private static final Schema OUTBOUND = OutboundSend.getClassSchema();
    private static final Schema OPENED = ConversationOpened.getClassSchema();

    @AfterEach
    void dropScopes() {
        SchemaRegistry.dropMockScope("shared");
        SchemaRegistry.dropMockScope("other");
    }

    @Test
    void shouldReturnCachedIdWhenSameSchemaRegisteredTwice() {
        SchemaRegistry registry = SchemaRegistry.forUrl("mock://shared");

        int first = registry.register("outbound-value", OUTBOUND);

        assertThat(registry.register("outbound-value", OUTBOUND)).isEqualTo(first);
    }

    @Test
    void shouldGiveOneGlobalIdPerSchemaAcrossSubjects() {
        SchemaRegistry registry = SchemaRegistry.forUrl("mock://shared");

        int outbound = registry.register("outbound-value", OUTBOUND);
        int opened = registry.register("conversations-value", OPENED);

        assertThat(registry.register("replay-value", OUTBOUND)).isEqualTo(outbound);
        assertThat(opened).isNotEqualTo(outbound);
        assertThat(registry.schemaById(opened)).isEqualTo(OPENED);
    }

    @Test
    void shouldShareScopeBetweenCallersOfSameUrl() {
        int id = SchemaRegistry.forUrl("mock://shared").register("outbound-value", OUTBOUND);

        assertThat(SchemaRegistry.forUrl("mock://shared").schemaById(id)).isEqualTo(OUTBOUND);
        assertThatThrownBy(() -> SchemaRegistry.forUrl("mock://other").schemaById(id))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Schema id " + id + " not found in mock://other");
    }

    @Test
    void shouldForgetScopeWhenDropped() {
        int id = SchemaRegistry.forUrl("mock://shared").register("outbound-value", OUTBOUND);

        SchemaRegistry.dropMockScope("shared");

        assertThatThrownBy(() -> SchemaRegistry.forUrl("mock://shared").schemaById(id))
                .isInstanceOf(SchemaRegistryException.class);
    }
}
