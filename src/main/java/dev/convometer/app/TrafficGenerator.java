package dev.convometer.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic traffic generator for the {@code generate} command: writes JSON Lines input in the
 * format of SPEC section 5, so that large replays can be run and measured.
 *
 * <p>The output is a deterministic function of {@code (pairs, events, seed)}. Event time starts at
 * 2024-05-01T00:00:00Z and spreads over {@link #SPAN_MS five days}, whatever the event count.
 * The mix, roughly:
 * <ul>
 *   <li>{@code inbound_message} 35 %, about one in ten with a Click-to-WhatsApp {@code referral};</li>
 *   <li>{@code ad_click} 5 % ({@code source_type} {@code ad} 80 %, {@code post} 20 %);</li>
 *   <li>{@code outbound_send} 60 %: {@code template} 55 % (marketing 50 %, utility 35 %,
 *       authentication 15 %) or {@code free_form} 45 %; status absent 55 %, {@code delivered} 20 %,
 *       {@code sent} 12 %, {@code read} 10 %, {@code failed} 3 %;</li>
 *   <li>about 1 % of lines are duplicate deliveries of a recent line with the same {@code event_id}
 *       (an outbound send that was not failed or read usually comes back as {@code read}, later).</li>
 * </ul>
 * Customer-side events come from 90 % of the pairs with a skewed popularity (low pair indices are
 * much busier); the other 10 % are a cold audience that never writes and only receives
 * business-initiated templates (which go to the whole audience, uniformly). Nine free-form messages
 * in ten reply to a recent inbound or entry-point message of the same pair (so they fall inside the
 * customer service window); the others are unsolicited, half of them to a cold pair, so a few
 * percent of free-form sends are rejected whatever the traffic density.
 * Timestamps have millisecond precision and are mostly increasing: a sub-gap jitter plus about
 * 2 % of late lines (up to 90 s) and the re-emitted duplicates make the file not perfectly sorted.
 */
public final class TrafficGenerator {

    /** 2024-05-01T00:00:00Z. */
    static final long START_MS = 1_714_521_600_000L;
    /** Event time covered by the base timeline of the output. */
    static final long SPAN_MS = 5L * 24 * 3600 * 1000;

    static final int DEFAULT_PAIRS = 1000;
    static final long DEFAULT_EVENTS = 100_000L;
    static final long DEFAULT_SEED = 1L;

    private static final int MAX_BUSINESSES = 40;
    /** Each customer talks to up to this many businesses (pairs stay distinct, see {@link #customerIndex}). */
    private static final int BUSINESSES_PER_CUSTOMER = 3;
    private static final int AD_POOL = 200;
    private static final long MAX_JITTER_MS = 2_000L;
    private static final long MAX_LATENESS_MS = 90_000L;
    /** A free-form reply only targets a recent customer-side event younger than this (CSW is 24 h). */
    private static final long REPLY_HORIZON_MS = 23L * 3600 * 1000;

    private static final int KIND_INBOUND = 0;
    private static final int KIND_AD_CLICK = 1;
    private static final int KIND_OUTBOUND = 2;

    static final String USAGE =
            "usage: convo-meter generate [--pairs N] [--events M] [--seed S]  (defaults: pairs 1000, events 100000, seed 1)";

    private final int pairs;
    private final long events;
    private final long seed;
    private final int businesses;
    private final int customersPerBusinessStride;
    /** Pairs {@code [engaged, pairs)} never write: they only receive business-initiated messages. */
    private final int engaged;

    public TrafficGenerator(int pairs, long events, long seed) {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must be zero or more, got " + events);
        }
        this.pairs = pairs;
        this.events = events;
        this.seed = seed;
        this.businesses = Math.min(pairs, MAX_BUSINESSES);
        this.customersPerBusinessStride = Math.min(businesses, BUSINESSES_PER_CUSTOMER);
        this.engaged = pairs - pairs / 10;
    }

    /** Writes exactly {@code events} JSON lines, each ending in {@code '\n'}; flushes, does not close. */
    public void writeTo(Writer out) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        new Run(w).generate();
        w.flush();
    }

    /**
     * CLI entry: args like {@code --pairs N --events M --seed S} (defaults: pairs 1000, events 100000,
     * seed 1); writes to {@code out}; returns the exit code. Bad or missing option values give a
     * one-line error on {@code err} and exit code 2.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        TrafficGenerator generator;
        try {
            CommandLine options = new CommandLine(args, Set.of("--pairs", "--events", "--seed"));
            long pairs = options.number("--pairs", DEFAULT_PAIRS);
            if (pairs > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--pairs must be at most " + Integer.MAX_VALUE + ", got " + pairs);
            }
            generator = new TrafficGenerator((int) pairs, options.number("--events", DEFAULT_EVENTS), options.number("--seed", DEFAULT_SEED));
        } catch (CommandLine.UsageException | IllegalArgumentException e) {
            err.println("convo-meter generate: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            generator.writeTo(w);
            w.flush();
        } catch (IOException e) {
            err.println("convo-meter generate: cannot write output: " + e.getMessage());
            return 1;
        }
        if (out.checkError()) {
            err.println("convo-meter generate: cannot write output");
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- pair identities

    private int businessIndex(int pair) {
        return pair % businesses;
    }

    /**
     * Customer of a pair: {@code pair / stride} with {@code stride <= businesses}. Two pairs with the
     * same business differ by a multiple of {@code businesses}, so their customers differ: every pair
     * index is a distinct (business, customer) pair.
     */
    private long customerIndex(int pair) {
        return pair / customersPerBusinessStride;
    }

    // ---------------------------------------------------------------- one generation run

    /** One generated event, kept so that a duplicate delivery can re-emit it. */
    private static final class Event {
        int kind;
        int pair;
        long timestamp;
        long id;
        // inbound referral / ad click
        boolean referral;
        String sourceType;
        long adIndex;
        String ctwaClid;
        // outbound
        boolean template;
        String category;
        String status;
    }

    private final class Run {
        private final Writer out;
        private final SplittableRandom rnd = new SplittableRandom(seed);
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

        Run(Writer out) {
            this.out = out;
        }

        void generate() throws IOException {
            long gap = events == 0 ? 1 : Math.max(1, SPAN_MS / events);
            long jitter = Math.max(1, Math.min(MAX_JITTER_MS, gap / 2));
            for (long i = 0; i < events; i++) {
                long base = START_MS + (long) ((double) i * SPAN_MS / events);
                long ts = base + rnd.nextLong(jitter);
                if (rnd.nextInt(100) < 2) {
                    ts = Math.max(START_MS, ts - rnd.nextLong(MAX_LATENESS_MS));
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
                        if (ts - since < REPLY_HORIZON_MS) {
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
                    && rnd.nextInt(10) < 7;
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

        private String clid() {
            return "ARA" + Long.toUnsignedString(rnd.nextLong(), 36);
        }

        private void write(Event e, long ts, String status) throws IOException {
            StringBuilder b = line;
            b.setLength(0);
            b.append("{\"type\":\"")
                    .append(e.kind == KIND_INBOUND ? "inbound_message" : e.kind == KIND_AD_CLICK ? "ad_click" : "outbound_send")
                    .append("\",\"event_id\":\"ev-").append(e.id)
                    .append("\",\"business_id\":\"1555000");
            appendPadded(b, businessIndex(e.pair) + 1, 4);
            b.append("\",\"customer_id\":\"").append(447_700_900_000L + customerIndex(e.pair))
                    .append("\",\"timestamp\":\"");
            appendInstant(b, ts);
            b.append('"');
            switch (e.kind) {
                case KIND_INBOUND:
                    if (e.referral) {
                        b.append(",\"referral\":{\"source_type\":\"").append(e.sourceType)
                                .append("\",\"source_id\":\"").append(120_210_000_000_000L + e.adIndex)
                                .append("\",\"ctwa_clid\":\"").append(e.ctwaClid).append("\"}");
                    }
                    break;
                case KIND_AD_CLICK:
                    b.append(",\"ad_id\":\"").append(120_210_000_000_000L + e.adIndex)
                            .append("\",\"ctwa_clid\":\"").append(e.ctwaClid)
                            .append("\",\"source_type\":\"").append(e.sourceType).append('"');
                    break;
                default:
                    if (e.template) {
                        b.append(",\"message_type\":\"template\",\"category\":\"").append(e.category).append('"');
                    } else {
                        b.append(",\"message_type\":\"free_form\"");
                    }
                    if (status != null) {
                        b.append(",\"status\":\"").append(status).append('"');
                    }
                    break;
            }
            b.append("}\n");
            out.append(b);
        }
    }

    // ---------------------------------------------------------------- formatting

    private static void appendPadded(StringBuilder b, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }

    /** Appends {@code epochMs} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always with milliseconds). */
    static void appendInstant(StringBuilder b, long epochMs) {
        long days = Math.floorDiv(epochMs, 86_400_000L);
        long msOfDay = Math.floorMod(epochMs, 86_400_000L);
        // civil-from-days (H. Hinnant), proleptic Gregorian calendar
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        appendPadded(b, year, 4);
        b.append('-');
        appendPadded(b, month, 2);
        b.append('-');
        appendPadded(b, day, 2);
        b.append('T');
        appendPadded(b, msOfDay / 3_600_000, 2);
        b.append(':');
        appendPadded(b, msOfDay / 60_000 % 60, 2);
        b.append(':');
        appendPadded(b, msOfDay / 1_000 % 60, 2);
        b.append('.');
        appendPadded(b, msOfDay % 1_000, 3);
        b.append('Z');
    }
}
