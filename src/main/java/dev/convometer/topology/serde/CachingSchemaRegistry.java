package dev.convometer.topology.serde;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * Asks the backend once per subject+schema and once per id; ids never change meaning. An id the backend does not
 * have (or has as something other than Avro) is remembered for a while, so a stream of records naming it makes one
 * call, not one per record; it may be registered later, hence not forever.
 */
final class CachingSchemaRegistry implements SchemaRegistry {

    static final Duration REMEMBER_NOT_FOUND = Duration.ofSeconds(60);
    private static final int MAX_REMEMBERED_NOT_FOUND = 1_000;

    private record Registration(String subject, Schema schema) {}

    private record NotFound(SchemaNotFoundException exception, long until) {}

    private final SchemaRegistry backend;
    private final long rememberNotFound;
    private final LongSupplier nanoTime;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    // Access order, the oldest dropped beyond the bound: random bad ids cannot grow it without limit.
    private final Map<Integer, NotFound> notFound =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, NotFound> eldest) {
                    return size() > MAX_REMEMBERED_NOT_FOUND;
                }
            };

    /** {@code rememberNotFound} zero remembers nothing (an in-process backend, where asking costs no call). */
    CachingSchemaRegistry(SchemaRegistry backend, Duration rememberNotFound, LongSupplier nanoTime) {
        this.backend = backend;
        this.rememberNotFound = rememberNotFound.toNanos();
        this.nanoTime = nanoTime;
    }

    // The backend is asked outside any map lock (computeIfAbsent would hold one through the HTTP call and its
    // retries, stalling lookups of other keys): concurrent first callers may both ask, and the first answer stays.
    @Override
    public int register(String subject, Schema schema) {
        Registration registration = new Registration(subject, schema);
        Integer id = ids.get(registration);
        if (id != null) {
            return id;
        }
        Integer registered = backend.register(subject, schema);
        Integer earlier = ids.putIfAbsent(registration, registered);
        return earlier != null ? earlier : registered;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema != null) {
            return schema;
        }
        throwIfRemembered(id);
        try {
            schema = backend.schemaById(id);
        } catch (SchemaNotFoundException e) {
            remember(id, e);
            throw e;
        }
        Schema earlier = schemas.putIfAbsent(id, schema);
        return earlier != null ? earlier : schema;
    }

    private void throwIfRemembered(int id) {
        synchronized (notFound) {
            NotFound known = notFound.get(id);
            if (known == null) {
                return;
            }
            if (nanoTime.getAsLong() - known.until() < 0) {
                throw known.exception();
            }
            notFound.remove(id);
        }
    }

    private void remember(int id, SchemaNotFoundException e) {
        if (rememberNotFound > 0) {
            synchronized (notFound) {
                notFound.put(id, new NotFound(e, nanoTime.getAsLong() + rememberNotFound));
            }
        }
    }
}
