package dev.convometer.topology;

import dev.convometer.domain.ContractViolation;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every exception a processing node throws comes here. An input that breaks the contract goes to the dead-letter topic
 * (the original bytes, cut to fit, and the reason in headers: {@link DeadLetters}) and processing goes on. Any other
 * exception is a fault of ours, not of the input: it stops the task rather than turn a wrong charge into a dead letter.
 */
public final class ProcessingErrorHandler extends DeadLetterHandler implements ProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof ContractViolation) {
            return Response.resume(deadLetter(context, exception));
        }
        return Response.fail();
    }
}
