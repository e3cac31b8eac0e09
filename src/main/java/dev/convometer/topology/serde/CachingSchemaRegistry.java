package dev.convometer.topology.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Asks the backend once per subject+schema and once per id; ids never change meaning. */
final class CachingSchemaRegistry implements SchemaRegistry {

    private record Registration(String subject, Schema schema) {}

    private final SchemaRegistry backend;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    CachingSchemaRegistry(SchemaRegistry backend) {
        this.backend = backend;
    }

    // computeIfAbsent makes concurrent first callers wait for one backend call instead of each making
    // one; a failure caches nothing, so the next record retries.
    @Override
    public int register(String subject, Schema schema) {
        return ids.computeIfAbsent(
                new Registration(subject, schema), r -> backend.register(r.subject(), r.schema()));
    }

    @Override
    public Schema schemaById(int id) {
        return schemas.computeIfAbsent(id, backend::schemaById);
    }
}
