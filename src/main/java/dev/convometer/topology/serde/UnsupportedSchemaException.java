package dev.convometer.topology.serde;

/**
 * The registry has the id, but not as a self-contained Avro schema (JSON Schema, Protobuf, schema references, or text
 * that does not parse): like an unknown id, it is the record's fault, so the record becomes a dead letter.
 */
public class UnsupportedSchemaException extends SchemaNotFoundException {

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
