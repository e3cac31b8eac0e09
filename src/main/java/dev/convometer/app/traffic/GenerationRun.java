package dev.convometer.app.traffic;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;
import dev.convometer.app.traffic.GeneratedLine.Event;

import static dev.convometer.app.traffic.TrafficGenerator.AD_POOL;
import static dev.convometer.app.traffic.TrafficGenerator.KIND_AD_CLICK;
import static dev.convometer.app.traffic.TrafficGenerator.KIND_INBOUND;
import static dev.convometer.app.traffic.TrafficGenerator.KIND_OUTBOUND;
import static dev.convometer.app.traffic.TrafficGenerator.LATE_LINE_MAX_MS;
import static dev.convometer.app.traffic.TrafficGenerator.MAX_JITTER_MS;
import static dev.convometer.app.traffic.TrafficGenerator.REPLY_HORIZON_MS;

/** One run of a {@link TrafficGenerator}: draws the events and writes their lines, at once or in arrival order. */
final class GenerationRun {
    private final Writer out;
    private final SplittableRandom rnd;
    private final StringBuilder line = new StringBuilder(256);

    /** Recent original events, candidates for duplicate deliveries. */
    private final Event[] recentEvents = new Event[1024];
    private int recentEventCount;
    private int recentEventNext;

    /** Recent customer-side events (inbound or entry point): targets of free-form replies. */
    private final int[] recentCustomerPair = new int[256];
    private final long[] recentCustomerTs = new long[256];
    private int recentCustomerCount;
    private int recentCustomerNext;

    private long nextId = 1;

    /** Lines held back to be written in order of arrival; null without added lateness (written at once). */
    private final DelayedLines delayed;
    /** Slot of the line being generated ({@link TrafficGenerator#slotTime}). */
    private long slot;

    private final TrafficGenerator generator;
    private final int pairs;
    private final long events;
    /** Pairs {@code [engaged, pairs)} never write: they only receive business-initiated messages. */
    private final int engaged;
    /** Every timestamp lies in {@code [startMs, endMs)}. */
    private final long startMs;
    private final long endMs;

    GenerationRun(TrafficGenerator generator, Writer out) {
        this.generator = generator;
        this.out = out;
        this.pairs = generator.pairs;
        this.events = generator.events;
        this.engaged = generator.engaged;
        this.startMs = generator.startMs;
        this.endMs = generator.endMs;
        this.rnd = new SplittableRandom(generator.seed);
        // a source of its own, so that the events are the same with and without added lateness
        this.delayed = generator.maxLatenessMs > 0
                ? new DelayedLines((int) events, startMs, generator.maxLatenessMs, new SplittableRandom(generator.seed).split())
                : null;
    }

    void generate() throws IOException {
        long gap = events == 0 ? 1 : Math.max(1, generator.spanMs / events);
        long jitter = Math.max(1, Math.min(MAX_JITTER_MS, gap / 2));
        for (long i = 0; i < events; i++) {
            long base = generator.slotTime(i);
            slot = base;
            long ts = base + rnd.nextLong(jitter);
            if (rnd.nextInt(100) < 2) {
                ts = Math.max(startMs, ts - rnd.nextLong(LATE_LINE_MAX_MS));
            }
            if (recentEventCount > 0 && rnd.nextInt(100) == 0) {
                writeDuplicate(ts);
            } else {
                Event e = fresh(ts);
                recentEvents[recentEventNext] = e;
                recentEventNext = (recentEventNext + 1) % recentEvents.length;
                recentEventCount = Math.min(recentEventCount + 1, recentEvents.length);
                write(e, e.timestamp, e.status);
            }
        }
        if (delayed != null) {
            delayed.writeInArrivalOrder(this::writeLine);
        }
    }

    private Event fresh(long ts) {
        Event e = new Event();
        e.id = nextId++;
        int roll = rnd.nextInt(100);
        if (roll < 35) {
            e.kind = KIND_INBOUND;
            e.pair = popularPair(engaged);
            e.timestamp = ts;
            if (rnd.nextInt(10) == 0) {
                e.referral = true;
                e.sourceType = "ad";
                e.adIndex = popularAd();
                e.ctwaClid = clid();
            }
            rememberCustomerSide(e);
        } else if (roll < 40) {
            e.kind = KIND_AD_CLICK;
            e.pair = popularPair(engaged);
            e.timestamp = ts;
            e.sourceType = rnd.nextInt(5) == 0 ? "post" : "ad";
            e.adIndex = popularAd();
            e.ctwaClid = clid();
            rememberCustomerSide(e);
        } else {
            e.kind = KIND_OUTBOUND;
            e.timestamp = ts;
            e.template = rnd.nextInt(100) < 55;
            if (e.template) {
                int c = rnd.nextInt(100);
                e.category = c < 50 ? "marketing" : c < 85 ? "utility" : "authentication";
                // some templates answer a recent conversation, most are business-initiated
                // (notifications and campaigns to the whole audience, cold pairs included)
                e.pair = rnd.nextInt(10) < 3 && recentCustomerCount > 0
                        ? recentCustomerPair[rnd.nextInt(recentCustomerCount)]
                        : rnd.nextInt(pairs);
            } else {
                e.pair = -1;
                if (recentCustomerCount > 0 && rnd.nextInt(10) < 9) {
                    int slot = rnd.nextInt(recentCustomerCount);
                    long since = recentCustomerTs[slot];
                    // a reply comes at least a second after the message: none to one of the period's last second
                    if (ts - since < REPLY_HORIZON_MS && since + 1_000L < endMs) {
                        e.pair = recentCustomerPair[slot];
                        e.timestamp = Math.max(ts, since + 1_000L);
                    }
                }
                if (e.pair < 0) {
                    // unsolicited: half of them to a customer who never wrote (always rejected)
                    e.pair = engaged < pairs && rnd.nextBoolean()
                            ? engaged + rnd.nextInt(pairs - engaged)
                            : popularPair(pairs);
                }
            }
            int s = rnd.nextInt(100);
            e.status = s < 55 ? null : s < 75 ? "delivered" : s < 87 ? "sent" : s < 97 ? "read" : "failed";
        }
        return e;
    }

    private void writeDuplicate(long now) throws IOException {
        Event e = recentEvents[rnd.nextInt(recentEventCount)];
        boolean progressed = e.kind == KIND_OUTBOUND
                && !"failed".equals(e.status) && !"read".equals(e.status)
                && rnd.nextInt(10) < 7
                && e.timestamp + 1_000L < endMs; // checked after the draw, so that the draws do not depend on the period
        if (progressed) {
            // a later status report for the same message
            write(e, Math.max(now, e.timestamp + 1_000L), "read");
        } else {
            // the broker delivered the very same line again
            write(e, e.timestamp, e.status);
        }
    }

    private void rememberCustomerSide(Event e) {
        recentCustomerPair[recentCustomerNext] = e.pair;
        recentCustomerTs[recentCustomerNext] = e.timestamp;
        recentCustomerNext = (recentCustomerNext + 1) % recentCustomerPair.length;
        recentCustomerCount = Math.min(recentCustomerCount + 1, recentCustomerPair.length);
    }

    /** Skewed popularity over {@code [0, n)}: n * u^2, so the busiest 10 % get about 32 % of the picks. */
    private int popularPair(int n) {
        double u = rnd.nextDouble();
        return (int) Math.min(n - 1L, (long) (n * u * u));
    }

    private long popularAd() {
        double u = rnd.nextDouble();
        return (long) (AD_POOL * u * u);
    }

    private long clid() {
        return rnd.nextLong();
    }

    /** One line: written at once, or held back until every line is generated (added lateness). */
    private void write(Event e, long ts, String status) throws IOException {
        long packed = GeneratedLine.pack(e, status);
        if (delayed == null) {
            writeLine(ts, e.id, e.ctwaClid, packed);
        } else {
            delayed.add(slot, ts, e.id, e.ctwaClid, packed);
        }
    }


    /** Formats and writes one line from its packed form: both orders go through here, so their lines are the same. */
    private void writeLine(long ts, long id, long ctwaClid, long packed) throws IOException {
        GeneratedLine.format(line, generator, ts, id, ctwaClid, packed);
        out.append(line);
    }
}
