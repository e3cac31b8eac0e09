package dev.convometer.topology;

import dev.convometer.topology.serde.SchemaNotFoundException;
import dev.convometer.topology.serde.SchemaRegistryException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * A record that cannot be deserialized goes to the dead-letter topic with its original bytes; the stream goes on.
 * A schema registry that cannot be reached (or answers an error other than "not found") says nothing about the
 * record: dead-lettering it would lose a valid event, so the task stops instead and resumes from its last commit.
 */
public final class UnreadableRecordHandler extends LogAndContinueExceptionHandler {
    private BillingCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counters = BillingTopology.counters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (registryUnavailable(exception)) {
            return Response.fail();
        }
        counters.recordDeadLetter();
        return super.handleError(context, record, exception);
    }

    static boolean registryUnavailable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException) {
                return !(cause instanceof SchemaNotFoundException);
            }
        }
        return false;
    }
}
