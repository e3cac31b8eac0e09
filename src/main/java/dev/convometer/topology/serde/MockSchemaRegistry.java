package dev.convometer.topology.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-process registry for {@code mock://} URLs, like Confluent's MockSchemaRegistry: ids are global
 * within a scope and compatibility is not checked.
 */
final class MockSchemaRegistry implements SchemaRegistry {

    static final String PREFIX = "mock://";

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<Schema, Integer> ids = new HashMap<>();
    private final List<Schema> schemas = new ArrayList<>();

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    static MockSchemaRegistry scope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    static void drop(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        return ids.computeIfAbsent(
                schema,
                s -> {
                    schemas.add(s);
                    return schemas.size();
                });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaNotFoundException("Schema id " + id + " not found in " + PREFIX + scope);
        }
        return schemas.get(id - 1);
    }
}
