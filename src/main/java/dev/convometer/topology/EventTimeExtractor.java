package dev.convometer.topology;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.OutboundSend;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Stream time is event time: the {@code timestamp} field of the event, whatever time the producer stamped on the
 * record, so that punctuated expiry frees state on the same clock the rules use.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant eventTime = null;
        if (record.value() instanceof InboundMessage m) {
            eventTime = m.getTimestamp();
        } else if (record.value() instanceof AdClick a) {
            eventTime = a.getTimestamp();
        } else if (record.value() instanceof OutboundSend s) {
            eventTime = s.getTimestamp();
        }
        if (eventTime != null && !eventTime.isBefore(Instant.EPOCH)) {
            return eventTime.toEpochMilli();
        }
        // Values that break the contract go to the dead letters in the contract check; a negative time would make
        // Kafka Streams drop them silently, and an old one must not move stream time backwards.
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
