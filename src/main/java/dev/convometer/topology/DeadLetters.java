package dev.convometer.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter records of both error handlers, with the headers Kafka Streams' own handlers write (source headers,
 * then exception, reason, stack trace and source coordinates), cut to fit one produce request: a dead letter that does
 * not fit fails the handler, and the task with it, on every restart. Each dead letter is one WARN line; its stack trace
 * is logged only at DEBUG (thousands of bad records would otherwise flood the log).
 */
final class DeadLetters {
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String STACK_TRACE = "__streams.errors.stacktrace";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";
    /** The parts cut to fit, each with its original size in bytes: {@code value:1048576,key:12}. */
    static final String TRUNCATED = "convo-meter.truncated";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    // The broker's default message.max.bytes is about 1 MiB, whatever the producer allows.
    private static final int BROKER_DEFAULT_MAX_BYTES = 1024 * 1024;
    private static final int REASON_BYTES = 4 * 1024;
    private static final int STACK_TRACE_BYTES = 64 * 1024;
    // Record and header framing (varints, attributes, the truncated header itself) beyond the counted bytes.
    private static final int FRAMING_BYTES = 1024;
    private static final int HEADER_FRAMING_BYTES = 16;

    private final String topic;
    private final int maxBytes;

    private DeadLetters(String topic, int maxBytes) {
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    /**
     * From the streams configuration: the dead-letter topic (none: dead letters are only logged) and a bound of half
     * the smaller of the producer's {@code max.request.size} and the broker's default record limit.
     */
    static DeadLetters configured(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        Object maxRequestSize = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (maxRequestSize == null) {
            maxRequestSize = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        int producerLimit = maxRequestSize == null ? BROKER_DEFAULT_MAX_BYTES : Integer.parseInt(maxRequestSize.toString().trim());
        return new DeadLetters(topic == null ? null : topic.toString(), Math.min(producerLimit, BROKER_DEFAULT_MAX_BYTES) / 2);
    }

    /** Logs the dead letter in one line and returns its record (none without a dead-letter topic). */
    List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext context, Exception exception) {
        String reason = String.valueOf(exception.getMessage());
        LOG.warn("Dead letter from {} partition {} offset {}: {}", context.topic(), context.partition(), context.offset(),
                reason.replaceAll("[\r\n]+", " "));
        LOG.debug("Dead letter from {} partition {} offset {}", context.topic(), context.partition(), context.offset(), exception);
        return topic == null ? List.of() : List.of(record(context, exception));
    }

    private ProducerRecord<byte[], byte[]> record(ErrorHandlerContext context, Exception exception) {
        List<String> truncated = new ArrayList<>();
        List<Header> own = new ArrayList<>();
        own.add(header(EXCEPTION, utf8(exception.getClass().getName())));
        own.add(header(MESSAGE, cut("message", utf8(String.valueOf(exception.getMessage())), REASON_BYTES, true, truncated)));
        own.add(header(STACK_TRACE, cut("stacktrace", utf8(stackTrace(exception)), STACK_TRACE_BYTES, true, truncated)));
        own.add(header(TOPIC, utf8(context.topic())));
        own.add(header(PARTITION, utf8(String.valueOf(context.partition()))));
        own.add(header(OFFSET, utf8(String.valueOf(context.offset()))));
        long left = maxBytes - FRAMING_BYTES - own.stream().mapToLong(DeadLetters::size).sum();

        // The source's headers, the key and the value, in that order, each as much as still fits.
        List<Header> source = new ArrayList<>();
        Headers headers = context.headers();
        if (headers != null) {
            int dropped = 0;
            for (Header header : headers) {
                if (size(header) <= left) {
                    source.add(header);
                    left -= size(header);
                } else {
                    dropped++;
                }
            }
            if (dropped > 0) {
                truncated.add("headers:" + dropped);
            }
        }
        byte[] key = context.sourceRawKey();
        byte[] keptKey = key == null ? null : cut("key", key, left, false, truncated);
        left -= keptKey == null ? 0 : keptKey.length;
        byte[] value = context.sourceRawValue();
        byte[] keptValue = value == null ? null : cut("value", value, left, false, truncated);

        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, context.timestamp(), keptKey, keptValue);
        source.forEach(record.headers()::add);
        own.forEach(record.headers()::add);
        if (!truncated.isEmpty()) {
            record.headers().add(TRUNCATED, utf8(String.join(",", truncated)));
        }
        return record;
    }

    /** At most {@code limit} bytes of {@code bytes}; text is cut before a UTF-8 continuation byte so it stays valid. */
    private static byte[] cut(String part, byte[] bytes, long limit, boolean text, List<String> truncated) {
        if (bytes.length <= limit) {
            return bytes;
        }
        truncated.add(part + ":" + bytes.length);
        int end = (int) Math.max(0, limit);
        while (text && end > 0 && (bytes[end] & 0xc0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    private static long size(Header header) {
        return HEADER_FRAMING_BYTES + header.key().length() + (header.value() == null ? 0 : header.value().length);
    }

    private static Header header(String key, byte[] value) {
        return new RecordHeader(key, value);
    }

    private static String stackTrace(Exception exception) {
        StringWriter out = new StringWriter();
        exception.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
