package dev.convometer.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** What the service's two exception handlers share: the dead letters they write, counted. */
abstract class DeadLetterHandler implements Configurable {
    private BillingCounters counters;
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        counters = BillingTopology.counters(configs);
        deadLetters = DeadLetters.configured(configs);
    }

    /** The dead-letter record of the input that caused {@code exception} (none without a dead-letter topic), counted. */
    final List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, Exception exception) {
        counters.recordDeadLetter();
        return deadLetters.of(context, exception);
    }
}
