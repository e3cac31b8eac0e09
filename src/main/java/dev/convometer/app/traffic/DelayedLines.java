package dev.convometer.app.traffic;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The lines of a generator run with added lateness ({@code --max-lateness}), packed ({@link GeneratedLine}), with the
 * arrival time of each (slot plus a random delay), written out in order of arrival once all are generated.
 */
final class DelayedLines {
    @FunctionalInterface
    interface LineSink {
        void write(long ts, long id, long ctwaClid, long packed) throws IOException;
    }

    private final long[] records;
    /** Arrival time of each line, relative to the start of the period. */
    private final long[] arrival;
    private final long startMs;
    private final long maxLatenessMs;
    private final SplittableRandom delays;
    private int count;

    DelayedLines(int capacity, long startMs, long maxLatenessMs, SplittableRandom delays) {
        this.records = new long[capacity * 4];
        this.arrival = new long[capacity];
        this.startMs = startMs;
        this.maxLatenessMs = maxLatenessMs;
        this.delays = delays;
    }

    void add(long slot, long ts, long id, long ctwaClid, long packed) {
        int r = count * 4;
        records[r] = ts;
        records[r + 1] = id;
        records[r + 2] = ctwaClid;
        records[r + 3] = packed;
        arrival[count] = slot - startMs + delays.nextLong(maxLatenessMs + 1);
        count++;
    }

    void writeInArrivalOrder(LineSink sink) throws IOException {
        for (int line : stableOrder(arrival, count)) {
            int r = line * 4;
            sink.write(records[r], records[r + 1], records[r + 2], records[r + 3]);
        }
    }

    /**
     * The indices {@code 0..n-1} ordered by {@code keys[i]}, equal keys in index order (a stable bottom-up
     * merge sort of key and index together). Reorders {@code keys[0..n)}.
     */
    static int[] stableOrder(long[] keys, int n) {
        long[] k = keys;
        int[] ix = new int[n];
        for (int i = 0; i < n; i++) {
            ix[i] = i;
        }
        final int run = 32;
        // insertion sort of short runs (stable: only strictly greater keys move right)
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                long key = k[i];
                int index = ix[i];
                int j = i - 1;
                while (j >= lo && k[j] > key) {
                    k[j + 1] = k[j];
                    ix[j + 1] = ix[j];
                    j--;
                }
                k[j + 1] = key;
                ix[j + 1] = index;
            }
        }
        if (n <= run) {
            return ix;
        }
        long[] k2 = new long[n];
        int[] ix2 = new int[n];
        for (long width = run; width < n; width *= 2) {
            for (long start = 0; start < n; start += 2 * width) {
                int lo = (int) start;
                int mid = (int) Math.min(start + width, n);
                int hi = (int) Math.min(start + 2 * width, n);
                int a = lo;
                int b = mid;
                int o = lo;
                while (a < mid && b < hi) {
                    // left first on equal keys: stable
                    if (k[b] < k[a]) {
                        k2[o] = k[b];
                        ix2[o++] = ix[b++];
                    } else {
                        k2[o] = k[a];
                        ix2[o++] = ix[a++];
                    }
                }
                System.arraycopy(k, a, k2, o, mid - a);
                System.arraycopy(ix, a, ix2, o, mid - a);
                o += mid - a;
                System.arraycopy(k, b, k2, o, hi - b);
                System.arraycopy(ix, b, ix2, o, hi - b);
            }
            long[] kt = k;
            k = k2;
            k2 = kt;
            int[] it = ix;
            ix = ix2;
            ix2 = it;
        }
        if (k != keys) {
            System.arraycopy(k, 0, keys, 0, n);
        }
        return ix;
    }
}
