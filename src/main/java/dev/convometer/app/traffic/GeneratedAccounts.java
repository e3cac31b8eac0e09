package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The business-account records (PRICING 7.2) of a generator's business numbers, one JSON object a line in business
 * order, so that pricing finds eras and months by local date. They are a function of the generator's pairs, seed and
 * period, drawn from a random source of their own: writing them changes nothing in the traffic.
 * <ul>
 *   <li>{@link #ZONES} east and west of UTC, dealt round the businesses in an order the seed shuffles, so that
 *       {@code n} businesses have {@code min(n, 8)} zones;</li>
 *   <li>four businesses a WABA, three WABAs a portfolio; every WABA pays in USD but the second, in EUR;</li>
 *   <li>one business, drawn from the seed, has a second version from a whole minute inside the middle half of the
 *       period: it moves to the next WABA (with that WABA's portfolio and currency) and to another zone.</li>
 * </ul>
 * A first version has no {@code valid_from}: it applies always.
 */
final class GeneratedAccounts {
    static final String[] ZONES = {"UTC", "Europe/Berlin", "Asia/Kolkata", "Asia/Jakarta", "Pacific/Auckland",
        "America/Sao_Paulo", "America/New_York", "America/Los_Angeles"};
    private static final int BUSINESSES_PER_WABA = 4;
    private static final int WABAS_PER_PORTFOLIO = 3;
    private static final int EUR_WABA = 1;
    private static final long MINUTE_MS = 60_000L;
    /** Mixed into the seed so that the accounts' draws are not the traffic's ("accounts" in ASCII). */
    private static final long SALT = 0x6163636f756e7473L;

    private final int businesses;
    private final int wabas;
    private final String[] zones;
    private final int moving;
    private final long movedAtMs;

    GeneratedAccounts(TrafficGenerator generator) {
        SplittableRandom rnd = new SplittableRandom(generator.seed ^ SALT);
        this.businesses = generator.businesses();
        this.wabas = (businesses + BUSINESSES_PER_WABA - 1) / BUSINESSES_PER_WABA;
        this.zones = ZONES.clone();
        for (int i = zones.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String swap = zones[i];
            zones[i] = zones[j];
            zones[j] = swap;
        }
        this.moving = rnd.nextInt(businesses);
        long quarter = generator.spanMs / 4;
        this.movedAtMs = generator.startMs + (quarter + rnd.nextLong(2 * quarter)) / MINUTE_MS * MINUTE_MS;
    }

    void writeTo(Writer out) throws IOException {
        for (int business = 0; business < businesses; business++) {
            out.write(record(business));
            out.write('\n');
        }
    }

    private String record(int business) {
        StringBuilder id = new StringBuilder(11);
        TrafficGenerator.appendBusinessId(id, business);
        int waba = business / BUSINESSES_PER_WABA;
        String zone = zones[business % zones.length];
        return BillingJson.object(json -> {
            json.writeStringField("business_id", id.toString());
            json.writeArrayFieldStart("versions");
            version(json, null, waba, zone);
            if (business == moving) {
                version(json, Instant.ofEpochMilli(movedAtMs), (waba + 1) % wabas,
                        zones[(business + zones.length / 2) % zones.length]);
            }
            json.writeEndArray();
        });
    }

    private static void version(JsonGenerator json, Instant validFrom, int waba, String zone) throws IOException {
        json.writeStartObject();
        if (validFrom != null) {
            json.writeStringField("valid_from", validFrom.toString());
        }
        json.writeStringField("waba_id", String.format("1042000000%05d", waba + 1));
        json.writeStringField("portfolio_id", String.format("5021000000%05d", waba / WABAS_PER_PORTFOLIO + 1));
        json.writeStringField("time_zone", zone);
        json.writeStringField("currency", waba == EUR_WABA ? "EUR" : "USD");
        json.writeEndObject();
    }
}
