package dev.convometer.topology;

import dev.convometer.domain.ContractViolation;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An input that breaks the contract goes to the dead-letter topic (Kafka Streams builds the record with the original
 * bytes and the reason in headers) and processing goes on. Any other exception is a fault of ours, not of the input:
 * it stops the task rather than turn a wrong charge into a dead letter.
 */
public final class ContractViolationHandler extends LogAndContinueProcessingExceptionHandler {
    private BillingCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counters = BillingTopology.counters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof ContractViolation) {
            counters.recordDeadLetter();
            return super.handleError(context, record, exception);
        }
        return Response.fail();
    }
}
