package dev.convometer.topology.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/** The part of a Confluent Schema Registry the serde needs: global ids for Avro schemas. */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject}; the same schema again returns the same id. */
    int register(String subject, Schema schema);

    Schema schemaById(int id);

    /** {@link #forUrl(String, RegistryCredentials)} without credentials. */
    static SchemaRegistry forUrl(String url) {
        return forUrl(url, RegistryCredentials.NONE);
    }

    /**
     * {@code mock://SCOPE} gives an in-process registry shared by every caller of the same scope in
     * this JVM; anything else is a comma-separated list of Confluent REST endpoints, tried in turn
     * when one fails. Either is cached, so records after the first of each schema make no registry call.
     */
    static SchemaRegistry forUrl(String url, RegistryCredentials credentials) {
        List<String> urls =
                Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("Schema registry URL is empty");
        }
        if (urls.get(0).startsWith(MockSchemaRegistry.PREFIX)) {
            MockSchemaRegistry mock =
                    MockSchemaRegistry.scope(urls.get(0).substring(MockSchemaRegistry.PREFIX.length()));
            return new CachingSchemaRegistry(mock, Duration.ZERO, System::nanoTime);
        }
        return new CachingSchemaRegistry(
                new RestSchemaRegistry(urls, credentials, RestSchemaRegistry.Retry.DEFAULT),
                CachingSchemaRegistry.REMEMBER_NOT_FOUND,
                System::nanoTime);
    }

    /** Forgets everything registered in a {@code mock://} scope, so tests start from empty. */
    static void dropMockScope(String scope) {
        MockSchemaRegistry.drop(scope);
    }
}
