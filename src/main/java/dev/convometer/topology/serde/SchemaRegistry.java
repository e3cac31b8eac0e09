package dev.convometer.topology.serde;

import org.apache.avro.Schema;

/** The part of a Confluent Schema Registry the serde needs: global ids for Avro schemas. */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject}; the same schema again returns the same id. */
    int register(String subject, Schema schema);

    Schema schemaById(int id);

    /**
     * {@code mock://SCOPE} gives an in-process registry shared by every caller of the same scope in
     * this JVM; anything else is a Confluent REST endpoint (the first of a comma-separated list).
     * Either is cached, so records after the first of each schema make no registry call.
     */
    static SchemaRegistry forUrl(String url) {
        String first = url.split(",")[0].trim();
        SchemaRegistry backend =
                first.startsWith(MockSchemaRegistry.PREFIX)
                        ? MockSchemaRegistry.scope(first.substring(MockSchemaRegistry.PREFIX.length()))
                        : new RestSchemaRegistry(first);
        return new CachingSchemaRegistry(backend);
    }

    /** Forgets everything registered in a {@code mock://} scope, so tests start from empty. */
    static void dropMockScope(String scope) {
        MockSchemaRegistry.drop(scope);
    }
}
