package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.topology.serde.SchemaNotFoundException;
import dev.convometer.topology.serde.SchemaRegistryException;
import dev.convometer.topology.serde.UnsupportedSchemaException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Which unreadable records are the record's fault (dead letter) and which the registry's (stop, lose nothing). */
class UnreadableRecordHandlerTest {
    @Test
    void shouldDeadLetterWhenBytesAreNotInTheWireFormat() {
        assertThat(UnreadableRecordHandler.registryUnavailable(new SerializationException("Unknown magic byte 0x7b"))).isFalse();
    }

    @Test
    void shouldDeadLetterWhenTheRecordNamesASchemaIdNobodyRegistered() {
        Exception unknownId = new SerializationException("Could not fetch writer schema id 9",
                new SchemaNotFoundException("Schema id 9 not found"));
        assertThat(UnreadableRecordHandler.registryUnavailable(unknownId)).isFalse();
    }

    @Test
    void shouldDeadLetterWhenTheRecordNamesASchemaThatIsNotAvro() {
        Exception protobuf = new SerializationException("Could not fetch writer schema id 9",
                new UnsupportedSchemaException("Schema id 9 is a PROTOBUF schema, not Avro"));
        assertThat(UnreadableRecordHandler.registryUnavailable(protobuf)).isFalse();
    }

    @Test
    void shouldStopWhenTheRegistryCannotBeReached() {
        Exception down = new SerializationException("Could not fetch writer schema id 9",
                new SchemaRegistryException("Schema registry call GET http://registry/schemas/ids/9 failed: java.net.ConnectException"));
        assertThat(UnreadableRecordHandler.registryUnavailable(down)).isTrue();
    }
}
