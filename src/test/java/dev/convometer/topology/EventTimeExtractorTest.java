package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.MessageType;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.TemplateCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Only a valid event that is not in the future moves stream time; anything else keeps the partition's time. */
class EventTimeExtractorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long PARTITION_TIME = Instant.parse("2026-03-01T11:00:00Z").toEpochMilli();
    private static final long PRODUCER_STAMP = Instant.parse("2026-03-01T11:30:00Z").toEpochMilli();

    private final EventTimeExtractor live = new EventTimeExtractor(Duration.ofHours(1), NOW::toEpochMilli);
    private final EventTimeExtractor replay = new EventTimeExtractor(null, () -> {
        throw new AssertionError("replay never reads the clock");
    });

    private static ConsumerRecord<Object, Object> record(Object value) {
        return new ConsumerRecord<>("input", 0, 0L, PRODUCER_STAMP, TimestampType.CREATE_TIME, 0, 0, null, value,
                new RecordHeaders(), Optional.empty());
    }

    private static OutboundSend template(Instant at) {
        return new OutboundSend("o1", "b1", "c1", at, MessageType.template, TemplateCategory.utility, null);
    }

    @Test
    void shouldGiveEventTimeNotProducerStampWhenEventIsValid() {
        Instant at = Instant.parse("2026-03-01T10:15:00Z");

        assertThat(live.extract(record(new InboundMessage("i1", "b1", "c1", at, null)), PARTITION_TIME)).isEqualTo(at.toEpochMilli());
        assertThat(live.extract(record(new AdClick("a1", "b1", "c1", at, "ad-1", null, "ad")), PARTITION_TIME)).isEqualTo(at.toEpochMilli());
        assertThat(live.extract(record(template(at)), PARTITION_TIME)).isEqualTo(at.toEpochMilli());
    }

    @Test
    void shouldKeepPartitionTimeWhenContractIsBroken() {
        OutboundSend noCategory = new OutboundSend("o1", "b1", "c1", NOW, MessageType.template, null, null);
        InboundMessage emptyId = new InboundMessage("", "b1", "c1", NOW, null);

        assertThat(live.extract(record(noCategory), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(live.extract(record(emptyId), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(replay.extract(record(noCategory), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldKeepPartitionTimeWhenValueIsNotAnInputEvent() {
        assertThat(live.extract(record(null), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(live.extract(record("not an event"), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(live.extract(record(new OutboundSend()), PARTITION_TIME)).as("every field null").isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldKeepPartitionTimeWhenEventIsStampedInYear9999() {
        Instant year9999 = Instant.parse("9999-12-31T23:59:59.999Z");

        assertThat(live.extract(record(template(year9999)), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldKeepPartitionTimeWhenEventTimeIsBeyondYear9999EvenInReplay() {
        assertThat(replay.extract(record(template(Instant.parse("+10000-01-01T00:00:00Z"))), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldGiveEventTimeExactlyAtMaxFutureSkewAndKeepPartitionTimeOneMillisecondLater() {
        Instant limit = NOW.plus(Duration.ofHours(1));

        assertThat(live.extract(record(template(limit)), PARTITION_TIME)).isEqualTo(limit.toEpochMilli());
        assertThat(live.extract(record(template(limit.plusMillis(1))), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldGiveEventTimeOfFarFutureEventWhenFutureIsNotChecked() {
        Instant year9999 = Instant.parse("9999-12-31T23:59:59.999Z");

        assertThat(replay.extract(record(template(year9999)), PARTITION_TIME)).isEqualTo(year9999.toEpochMilli());
    }

    @Test
    void shouldReadTheSystemClockWhenBuiltWithOnlyTheSkew() {
        EventTimeExtractor extractor = new EventTimeExtractor(Duration.ofHours(1));
        Instant now = Instant.now();

        assertThat(extractor.extract(record(template(now)), PARTITION_TIME)).isEqualTo(now.toEpochMilli());
        assertThat(extractor.extract(record(template(now.plus(Duration.ofHours(2)))), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldKeepPartitionTimeWhenEventTimeIsBefore1970() {
        OutboundSend before1970 = template(Instant.parse("1969-12-31T23:59:59Z"));

        assertThat(live.extract(record(before1970), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(replay.extract(record(before1970), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void shouldGiveZeroNotANegativeTimeWhenPartitionTimeIsUnknownAndEventIsNotValid() {
        // a negative time makes Kafka Streams drop the record silently instead of dead-lettering it
        assertThat(live.extract(record(template(Instant.parse("1969-12-31T23:59:59Z"))), -1L)).isZero();
        assertThat(live.extract(record(template(NOW.plus(Duration.ofDays(1)))), -1L)).isZero();
        assertThat(live.extract(record(null), Long.MIN_VALUE)).isZero();
    }

    @Test
    void shouldGiveEventTimeWhenPartitionTimeIsUnknownAndEventIsValid() {
        assertThat(live.extract(record(template(NOW)), -1L)).isEqualTo(NOW.toEpochMilli());
    }
}
