package dev.convometer.topology;

import dev.convometer.avro.InputEvent;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Checks an input against the contract (a violation is thrown to {@link ContractViolationHandler}, which dead-letters
 * the original bytes) and re-keys it by pair, stamped with its event time.
 */
final class ContractCheck<V> implements Processor<byte[], V, Pair, InputEvent> {
    private ProcessorContext<Pair, InputEvent> context;

    @Override
    public void init(ProcessorContext<Pair, InputEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], V> record) {
        TrafficEvent event = AvroEvents.toDomain(record.value());
        context.forward(record.withKey(event.pair()).withValue(new InputEvent(record.value())).withTimestamp(event.timestamp()));
    }
}
