package dev.convometer.topology;

import dev.convometer.topology.serde.SchemaNotFoundException;
import dev.convometer.topology.serde.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record that cannot be deserialized goes to the dead-letter topic with its original bytes (cut to fit:
 * {@link DeadLetters}); the stream goes on.
 * A schema registry that cannot be reached (or answers an error other than "not found") says nothing about the
 * record: dead-lettering it would lose a valid event, so the task stops instead and resumes from its last commit.
 * So does a record of the internal repartition topic in a format this release cannot read (a newer release's).
 */
public final class UnreadableRecordHandler extends DeadLetterHandler implements DeserializationExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (registryUnavailable(exception) || unknownRepartitionFormat(exception)) {
            return Response.fail();
        }
        return Response.resume(deadLetter(context, exception));
    }

    /** A repartition record of a newer release is a valid event: billing it needs that release, dropping it loses it. */
    static boolean unknownRepartitionFormat(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof RepartitionFormat.UnknownVersionException) {
                return true;
            }
        }
        return false;
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
