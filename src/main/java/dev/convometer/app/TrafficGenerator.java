package dev.convometer.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic traffic generator for the {@code generate} command: writes JSON Lines input in the
 * format of SPEC section 5, so that large replays can be run and measured.
 *
 * <p>The output is a deterministic function of {@code (pairs, events, seed, maxLateness)}. Event time starts at
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
 *
 * <p><b>Added lateness</b> ({@code --max-lateness DURATION}, {@link #TrafficGenerator(int, long, long, Duration)}):
 * line {@code i} of the output above has a <em>slot</em> {@link #slotTime(long, long)} on the five-day
 * timeline, the time at which that stream delivers it (its event time follows the slot, up to the
 * jitter, late lines and duplicates above). With a maximum lateness {@code L}, every line is delayed by
 * an independent amount drawn uniformly from {@code [0, L]} whole milliseconds, from a random source
 * derived from the seed but separate from the one that makes the events, and the lines are written in
 * order of arrival time = slot + delay (stable: equal arrival times keep their order). The lines
 * themselves, every field and timestamp, are exactly those written without the option; only their
 * order changes, as when webhooks are retried for days and input partitions lag behind each other.
 * So a line is at most {@code L} plus the generator's own disorder behind the latest event time
 * written before it. {@code L = 0} (or less than a millisecond) gives the output without the option,
 * byte for byte. The lines are held in memory until the last one is generated, packed in 32 bytes
 * each (a million lines take about 60 MB with the sort), so the event count is then limited to
 * {@link #MAX_DELAYED_EVENTS}.
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
    /** The generator's own late lines are at most this much earlier than their slot (see the class javadoc). */
    private static final long LATE_LINE_MAX_MS = 90_000L;
    /** A free-form reply only targets a recent customer-side event younger than this (CSW is 24 h). */
    private static final long REPLY_HORIZON_MS = 23L * 3600 * 1000;

    private static final int KIND_INBOUND = 0;
    private static final int KIND_AD_CLICK = 1;
    private static final int KIND_OUTBOUND = 2;

    /** With added lateness, events beyond this many cannot be held in memory (4 longs per line in one array). */
    static final long MAX_DELAYED_EVENTS = (Integer.MAX_VALUE - 8) / 4;
    /** Largest added lateness in milliseconds: slot plus delay stays far from overflow (about 146 million years). */
    private static final long MAX_LATENESS_LIMIT_MS = Long.MAX_VALUE / 2;

    static final String USAGE =
            "usage: convo-meter generate [--pairs N] [--events M] [--seed S] [--max-lateness DURATION]"
                    + "  (defaults: pairs 1000, events 100000, seed 1, no added lateness; DURATION is ISO-8601, e.g. P2D or PT90M)";

    private final int pairs;
    private final long events;
    private final long seed;
    /** Upper bound of the delay added to every line, whole milliseconds; 0 = the lines in generation order. */
    private final long maxLatenessMs;
    private final int businesses;
    private final int customersPerBusinessStride;
    /** Pairs {@code [engaged, pairs)} never write: they only receive business-initiated messages. */
    private final int engaged;

    public TrafficGenerator(int pairs, long events, long seed) {
        this(pairs, events, seed, Duration.ZERO);
    }

    /**
     * A generator whose lines are delayed by up to {@code maxLateness} each (whole milliseconds, a finer
     * fraction is dropped) and written in order of arrival; see the class javadoc. {@link Duration#ZERO}
     * gives the same output as {@link #TrafficGenerator(int, long, long)}.
     *
     * @throws IllegalArgumentException if pairs &lt; 1, events &lt; 0, maxLateness is negative or too large,
     *         or lateness is added to more than {@link #MAX_DELAYED_EVENTS} events
     */
    public TrafficGenerator(int pairs, long events, long seed, Duration maxLateness) {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must be zero or more, got " + events);
        }
        Objects.requireNonNull(maxLateness, "maxLateness");
        if (maxLateness.isNegative()) {
            throw new IllegalArgumentException("max lateness must not be negative, got " + maxLateness);
        }
        long lateMs;
        try {
            lateMs = maxLateness.toMillis();
        } catch (ArithmeticException e) {
            lateMs = Long.MAX_VALUE;
        }
        if (lateMs > MAX_LATENESS_LIMIT_MS) {
            throw new IllegalArgumentException("max lateness is too large, got " + maxLateness);
        }
        if (lateMs > 0 && events > MAX_DELAYED_EVENTS) {
            throw new IllegalArgumentException("with a max lateness the events are held in memory: events must be at most "
                    + MAX_DELAYED_EVENTS + ", got " + events);
        }
        this.pairs = pairs;
        this.events = events;
        this.seed = seed;
        this.maxLatenessMs = lateMs;
        this.businesses = Math.min(pairs, MAX_BUSINESSES);
        this.customersPerBusinessStride = Math.min(businesses, BUSINESSES_PER_CUSTOMER);
        this.engaged = pairs - pairs / 10;
    }

    /**
     * Writes exactly {@code events} JSON lines, each ending in {@code '\n'}; flushes, does not close. With
     * added lateness nothing is written before the last line has been generated.
     */
    public void writeTo(Writer out) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        new Run(w).generate();
        w.flush();
    }

    /**
     * CLI entry: args like {@code --pairs N --events M --seed S --max-lateness P2D} (defaults: pairs 1000,
     * events 100000, seed 1, no added lateness); writes to {@code out}; returns the exit code. Bad or
     * missing option values (a {@code --max-lateness} that is not an ISO-8601 duration, or is negative)
     * give a one-line error on {@code err} and exit code 2.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        TrafficGenerator generator;
        try {
            CommandLine options = new CommandLine(args, Set.of("--pairs", "--events", "--seed", "--max-lateness"));
            long pairs = options.number("--pairs", DEFAULT_PAIRS);
            if (pairs > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--pairs must be at most " + Integer.MAX_VALUE + ", got " + pairs);
            }
            Duration maxLateness = duration(options.optional("--max-lateness"));
            generator = new TrafficGenerator((int) pairs, options.number("--events", DEFAULT_EVENTS),
                    options.number("--seed", DEFAULT_SEED), maxLateness);
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

    /** {@code --max-lateness}: absent is zero; not an ISO-8601 duration, or negative, is a usage error. */
    private static Duration duration(String value) {
        if (value == null) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.UsageException(
                    "option --max-lateness needs an ISO-8601 duration such as P2D or PT90M, was '" + value + "'");
        }
        if (d.isNegative()) {
            throw new CommandLine.UsageException("option --max-lateness must not be negative, was '" + value + "'");
        }
        return d;
    }

    /**
     * Slot of line {@code i} of {@code events}: where it falls on the five-day timeline, the base of its
     * event time and, with added lateness, of its arrival time.
     */
    static long slotTime(long i, long events) {
        return START_MS + (long) ((double) i * SPAN_MS / events);
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
        /** Written as {@code "ARA"} + this number, unsigned, in base 36. */
        long ctwaClid;
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

        /** Lines held back to be written in order of arrival; null without added lateness (written at once). */
        private final DelayedLines delayed;
        /** Slot of the line being generated ({@link #slotTime}). */
        private long slot;

        Run(Writer out) {
            this.out = out;
            // a source of its own, so that the events are the same with and without added lateness
            this.delayed = maxLatenessMs > 0
                    ? new DelayedLines((int) events, maxLatenessMs, new SplittableRandom(seed).split())
                    : null;
        }

        void generate() throws IOException {
            long gap = events == 0 ? 1 : Math.max(1, SPAN_MS / events);
            long jitter = Math.max(1, Math.min(MAX_JITTER_MS, gap / 2));
            for (long i = 0; i < events; i++) {
                long base = slotTime(i, events);
                slot = base;
                long ts = base + rnd.nextLong(jitter);
                if (rnd.nextInt(100) < 2) {
                    ts = Math.max(START_MS, ts - rnd.nextLong(LATE_LINE_MAX_MS));
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

        private long clid() {
            return rnd.nextLong();
        }

        /** One line: written at once, or held back until every line is generated (added lateness). */
        private void write(Event e, long ts, String status) throws IOException {
            long packed = pack(e, status);
            if (delayed == null) {
                writeLine(ts, e.id, e.ctwaClid, packed);
            } else {
                delayed.add(slot, ts, e.id, e.ctwaClid, packed);
            }
        }

        /** Formats and writes one line from its packed form: both orders go through here, so their lines are the same. */
        private void writeLine(long ts, long id, long ctwaClid, long packed) throws IOException {
            StringBuilder b = line;
            b.setLength(0);
            int kind = (int) (packed & 3);
            int pair = (int) (packed >>> PAIR_SHIFT);
            long adIndex = (packed >>> AD_SHIFT) & 0xff;
            String sourceType = (packed & POST_BIT) != 0 ? "post" : "ad";
            b.append("{\"type\":\"")
                    .append(kind == KIND_INBOUND ? "inbound_message" : kind == KIND_AD_CLICK ? "ad_click" : "outbound_send")
                    .append("\",\"event_id\":\"ev-").append(id)
                    .append("\",\"business_id\":\"1555000");
            appendPadded(b, businessIndex(pair) + 1, 4);
            b.append("\",\"customer_id\":\"").append(447_700_900_000L + customerIndex(pair))
                    .append("\",\"timestamp\":\"");
            appendInstant(b, ts);
            b.append('"');
            switch (kind) {
                case KIND_INBOUND:
                    if ((packed & REFERRAL_BIT) != 0) {
                        b.append(",\"referral\":{\"source_type\":\"").append(sourceType)
                                .append("\",\"source_id\":\"").append(120_210_000_000_000L + adIndex)
                                .append("\",\"ctwa_clid\":\"ARA").append(Long.toUnsignedString(ctwaClid, 36)).append("\"}");
                    }
                    break;
                case KIND_AD_CLICK:
                    b.append(",\"ad_id\":\"").append(120_210_000_000_000L + adIndex)
                            .append("\",\"ctwa_clid\":\"ARA").append(Long.toUnsignedString(ctwaClid, 36))
                            .append("\",\"source_type\":\"").append(sourceType).append('"');
                    break;
                default:
                    if ((packed & TEMPLATE_BIT) != 0) {
                        b.append(",\"message_type\":\"template\",\"category\":\"")
                                .append(CATEGORIES[(int) ((packed >>> CATEGORY_SHIFT) & 3)]).append('"');
                    } else {
                        b.append(",\"message_type\":\"free_form\"");
                    }
                    String status = STATUSES[(int) ((packed >>> STATUS_SHIFT) & 7)];
                    if (status != null) {
                        b.append(",\"status\":\"").append(status).append('"');
                    }
                    break;
            }
            b.append("}\n");
            out.append(b);
        }
    }

    // ---------------------------------------------------------------- packed lines and arrival order

    /*
     * A line is four longs: timestamp, event id, click id and the rest, packed as: kind (bits 0-1),
     * referral (2), source type post (3), template (4), category (5-6), status (7-9), ad index (10-17),
     * pair (32-62).
     */
    private static final long REFERRAL_BIT = 1L << 2;
    private static final long POST_BIT = 1L << 3;
    private static final long TEMPLATE_BIT = 1L << 4;
    private static final int CATEGORY_SHIFT = 5;
    private static final int STATUS_SHIFT = 7;
    private static final int AD_SHIFT = 10;
    private static final int PAIR_SHIFT = 32;
    private static final String[] CATEGORIES = {"marketing", "utility", "authentication"};
    private static final String[] STATUSES = {null, "delivered", "sent", "read", "failed"};

    private static long pack(Event e, String status) {
        if (e.adIndex < 0 || e.adIndex > 0xff) {
            throw new IllegalStateException("ad index out of range: " + e.adIndex);
        }
        long packed = e.kind
                | (e.referral ? REFERRAL_BIT : 0)
                | ("post".equals(e.sourceType) ? POST_BIT : 0)
                | (e.template ? TEMPLATE_BIT : 0)
                | (long) indexOf(STATUSES, status) << STATUS_SHIFT
                | e.adIndex << AD_SHIFT
                | (long) e.pair << PAIR_SHIFT;
        if (e.template) {
            packed |= (long) indexOf(CATEGORIES, e.category) << CATEGORY_SHIFT;
        }
        return packed;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (Objects.equals(names[i], name)) {
                return i;
            }
        }
        throw new IllegalStateException("not packable: " + name);
    }

    @FunctionalInterface
    private interface LineSink {
        void write(long ts, long id, long ctwaClid, long packed) throws IOException;
    }

    /** The lines of a run with added lateness, packed, with the arrival time of each (slot plus delay). */
    private static final class DelayedLines {
        private final long[] records;
        /** Arrival time of each line, relative to {@link #START_MS}. */
        private final long[] arrival;
        private final long maxLatenessMs;
        private final SplittableRandom delays;
        private int count;

        DelayedLines(int capacity, long maxLatenessMs, SplittableRandom delays) {
            this.records = new long[capacity * 4];
            this.arrival = new long[capacity];
            this.maxLatenessMs = maxLatenessMs;
            this.delays = delays;
        }

        void add(long slot, long ts, long id, long ctwaClid, long packed) {
            int r = count * 4;
            records[r] = ts;
            records[r + 1] = id;
            records[r + 2] = ctwaClid;
            records[r + 3] = packed;
            arrival[count] = slot - START_MS + delays.nextLong(maxLatenessMs + 1);
            count++;
        }

        void writeInArrivalOrder(LineSink sink) throws IOException {
            for (int line : stableOrder(arrival, count)) {
                int r = line * 4;
                sink.write(records[r], records[r + 1], records[r + 2], records[r + 3]);
            }
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
