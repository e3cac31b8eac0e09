package dev.convometer.topology;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** A record that cannot be deserialized goes to the dead-letter topic with its original bytes; the stream goes on. */
public final class UnreadableRecordHandler extends LogAndContinueExceptionHandler {
    private BillingCounters counters;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        counters = BillingTopology.counters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        counters.recordDeadLetter();
        return super.handleError(context, record, exception);
    }
}
