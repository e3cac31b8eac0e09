package dev.convometer.app.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line when a store starts restoring a changelog partition and one when it is done: after a crash under
 * exactly-once the service rebuilds its stores from the changelogs before it bills again, and an operator should see
 * that it is working and how long it took, not a silent pause.
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(partition, System.nanoTime());
        LOG.info("restoring store {} from {}: {} changelog records", store, partition, endingOffset - startingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // the end line gives the total; a line per batch would flood the log
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long start = started.remove(partition);
        long millis = start == null ? -1 : (System.nanoTime() - start) / 1_000_000;
        LOG.info("restored store {} from {}: {} records in {} ms", store, partition, totalRestored, millis);
    }
}
