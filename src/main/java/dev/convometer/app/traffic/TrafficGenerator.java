package dev.convometer.app.traffic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Synthetic traffic generator for the {@code generate} command: writes JSON Lines input in the
 * format of SPEC section 5, so that large replays can be run and measured.
 *
 * <p>The output is a deterministic function of {@code (pairs, events, seed, maxLateness, start, days)}. Event time
 * spreads over the <em>period</em> {@code [start, start + days)}, by default five days from 2024-05-01T00:00:00Z,
 * whatever the event count; every timestamp lies inside it (added lateness changes only the order of the lines).
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
 * Business ids are 15550000001 to 15550000040 at most ({@link #writeAccountsTo} writes their accounts),
 * customer ids 447700900000 and up: UK mobile numbers (+44 7700 9...), so all in one market, GB.
 *
 * <p><b>Added lateness</b> ({@code --max-lateness DURATION}, {@link #TrafficGenerator(int, long, long, Duration)}):
 * line {@code i} of the output above has a <em>slot</em> {@link #slotTime(long)} on the period's
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

    public static final int DEFAULT_PAIRS = 1000;
    public static final long DEFAULT_EVENTS = 100_000L;
    public static final long DEFAULT_SEED = 1L;
    public static final String DEFAULT_START = "2024-05-01T00:00:00Z";
    public static final int DEFAULT_DAYS = 5;
    private static final long DAY_MS = 24L * 3600 * 1000;
    /** The period must fit timestamps Kafka can carry (from the epoch) written with four-digit years. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private static final int MAX_BUSINESSES = 40;
    /** Each customer talks to up to this many businesses (pairs stay distinct, see {@link #customerIndex}). */
    private static final int BUSINESSES_PER_CUSTOMER = 3;
    static final int AD_POOL = 200;
    static final long MAX_JITTER_MS = 2_000L;
    /** The generator's own late lines are at most this much earlier than their slot (see the class javadoc). */
    static final long LATE_LINE_MAX_MS = 90_000L;
    /** A free-form reply only targets a recent customer-side event younger than this (CSW is 24 h). */
    static final long REPLY_HORIZON_MS = 23L * 3600 * 1000;

    static final int KIND_INBOUND = 0;
    static final int KIND_AD_CLICK = 1;
    static final int KIND_OUTBOUND = 2;

    /** With added lateness, events beyond this many cannot be held in memory (4 longs per line in one array). */
    static final long MAX_DELAYED_EVENTS = (Integer.MAX_VALUE - 8) / 4;
    /** Largest added lateness in milliseconds: slot plus delay stays far from overflow (about 146 million years). */
    private static final long MAX_LATENESS_LIMIT_MS = Long.MAX_VALUE / 2;

    final int pairs;
    final long events;
    final long seed;
    /** Upper bound of the delay added to every line, whole milliseconds; 0 = the lines in generation order. */
    final long maxLatenessMs;
    /** The period of event time, {@code [startMs, endMs)}, {@code spanMs} long. */
    final long startMs;
    final long spanMs;
    final long endMs;
    private final int businesses;
    private final int customersPerBusinessStride;
    /** Pairs {@code [engaged, pairs)} never write: they only receive business-initiated messages. */
    final int engaged;

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
        this(pairs, events, seed, maxLateness, Instant.parse(DEFAULT_START), DEFAULT_DAYS);
    }

    /**
     * A generator whose events spread over {@code days} days from {@code start} (taken at millisecond precision, a
     * finer fraction is dropped); the default period gives the same output as {@link #TrafficGenerator(int, long, long,
     * Duration)}.
     *
     * @throws IllegalArgumentException as that constructor does, and if days &lt; 1 or the period starts before
     *         1970-01-01T00:00:00Z or ends after 9999-12-31T23:59:59.999Z
     */
    public TrafficGenerator(int pairs, long events, long seed, Duration maxLateness, Instant start, int days) {
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
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        Instant from = start.truncatedTo(ChronoUnit.MILLIS);
        if (from.isBefore(EARLIEST) || from.isAfter(LATEST) || from.plusMillis(days * DAY_MS).isAfter(LATEST)) {
            throw new IllegalArgumentException("the period must lie between " + EARLIEST + " and " + LATEST.minusMillis(1)
                    + ", got " + days + " days from " + from);
        }
        this.pairs = pairs;
        this.events = events;
        this.seed = seed;
        this.maxLatenessMs = lateMs;
        this.startMs = from.toEpochMilli();
        this.spanMs = days * DAY_MS;
        this.endMs = startMs + spanMs;
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
        new GenerationRun(this, w).generate();
        w.flush();
    }

    /**
     * Writes the business-account record of each business number of the traffic (SPEC 7.2, one JSON object a line), a
     * function of {@code (pairs, seed, start, days)}; see {@link GeneratedAccounts}. Flushes, does not close.
     */
    public void writeAccountsTo(Writer out) throws IOException {
        new GeneratedAccounts(this).writeTo(out);
        out.flush();
    }

    /**
     * Slot of line {@code i}: where it falls on the period's timeline, the base of its event time and, with added
     * lateness, of its arrival time.
     */
    long slotTime(long i) {
        return startMs + (long) ((double) i * spanMs / events);
    }

    // ---------------------------------------------------------------- pair identities

    /** Business numbers {@code [0, businesses)}: every pair's business is one of them. */
    int businesses() {
        return businesses;
    }

    int businessIndex(int pair) {
        return pair % businesses;
    }

    /** The {@code business_id} of business number {@code index}: 15550000001, 15550000002, ... */
    static void appendBusinessId(StringBuilder b, int index) {
        b.append("1555000");
        UtcTimestamps.appendPadded(b, index + 1, 4);
    }

    /**
     * Customer of a pair: {@code pair / stride} with {@code stride <= businesses}. Two pairs with the
     * same business differ by a multiple of {@code businesses}, so their customers differ: every pair
     * index is a distinct (business, customer) pair.
     */
    long customerIndex(int pair) {
        return pair / customersPerBusinessStride;
    }
}
