package dev.convometer.topology.serde;

/** The registry answered that it has no such schema: the record names an id nobody registered. */
public class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(String message) {
        super(message);
    }
}
