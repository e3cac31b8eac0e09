package dev.convometer.topology;

import dev.convometer.domain.Pair;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Benchmark, not a test (scripts/bench runs it): the billing punctuator's cost with many live pairs and nothing due.
 * Builds the {@code expiry-index} and {@code expiry-cursor} stores as the service does (RocksDB,
 * {@code Stores.persistentKeyValueStore}, no cache) in a temporary state directory, schedules {@code --pairs} pairs
 * through {@link ExpiryIndex#schedule} at due times spread over the next 14 days of event time (real pair keys), flushes
 * the stores, then calls {@link ExpiryIndex#maintainDue} as the {@code STREAM_TIME} punctuator does, advancing stream time by
 * the expiry interval (1 minute) before each call and staying before the earliest due time: each call scans an empty
 * range and moves the cursor. Prints the median, p90, max and min of {@code --calls} calls in milliseconds, one
 * {@code key=value} per line.
 */
public final class PunctuationBench {
    private PunctuationBench() {
    }

    public static void main(String[] args) throws IOException {
        String known = "--pairs N --calls N";
        int pairs = BenchState.option(args, "--pairs", 1_000_000, known);
        int calls = BenchState.option(args, "--calls", 2_000, known);
        try (BenchState state = new BenchState("punctuation-bench")) {
            run(state, pairs, calls);
        }
    }

    private static void run(BenchState state, int pairs, int calls) {
        KeyValueStore<Bytes, byte[]> index = state.store(BillingTopology.EXPIRY_INDEX_STORE, Serdes.Bytes(), Serdes.ByteArray());
        KeyValueStore<String, Long> cursor = state.store(BillingTopology.EXPIRY_CURSOR_STORE, Serdes.String(), Serdes.Long());
        long start = Duration.ofDays(19_844).toMillis(); // 2024-05-01T00:00:00Z
        long interval = Duration.ofMinutes(1).toMillis();
        ExpiryIndex expiry = new ExpiryIndex(index, cursor);
        expiry.maintainDue(start, (key, time) -> 0); // the cursor at the start, as after the first punctuation
        int warmup = Math.min(200, calls);
        long firstDue = start + Duration.ofHours(1).toMillis() + (long) (calls + warmup) * interval;
        long spread = Duration.ofDays(14).toMillis();
        Random random = new Random(1);
        long loading = System.nanoTime();
        for (int i = 0; i < pairs; i++) {
            byte[] key = PairKey.encode(new Pair("1555" + (1_000_000 + i % 5_000), "4477" + (10_000_000 + i)));
            expiry.schedule(firstDue + (long) (random.nextDouble() * spread), key);
        }
        index.flush();
        cursor.flush();
        long loaded = System.nanoTime() - loading;
        int[] freed = {0};
        ExpiryIndex.Maintenance due = (key, time) -> {
            freed[0]++;
            return 1;
        };
        double[] millis = new double[calls];
        long streamTime = start;
        for (int i = -warmup; i < calls; i++) {
            streamTime += interval;
            long t0 = System.nanoTime();
            expiry.maintainDue(streamTime, due);
            long t1 = System.nanoTime();
            if (i >= 0) {
                millis[i] = (t1 - t0) / 1e6;
            }
        }
        if (freed[0] != 0) {
            throw new IllegalStateException(freed[0] + " entries came due: the benchmark must expire nothing");
        }
        Arrays.sort(millis);
        System.out.printf("pairs=%d%ncalls=%d%nload_s=%.1f%nmedian_ms=%.4f%np90_ms=%.4f%nmax_ms=%.4f%nmin_ms=%.4f%n",
                pairs, calls, loaded / 1e9, millis[calls / 2], millis[(int) (calls * 0.9)], millis[calls - 1], millis[0]);
    }
}
