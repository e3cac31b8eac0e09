package dev.convometer.topology.serde;

/** A schema registry call failed; the message says which call and what the registry answered. */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
