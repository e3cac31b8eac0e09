package dev.convometer.app.traffic;

import java.util.Objects;

/**
 * One line of generated traffic: the event it comes from ({@link Event}), packed into four longs (timestamp, event id,
 * click id and the rest) so that a million lines can be held to be reordered, and its JSON text, formatted from the
 * packed form so that lines written at once and lines held back are the same.
 */
final class GeneratedLine {
    private GeneratedLine() {
    }

    /** One generated event, kept so that a duplicate delivery can re-emit it. */
    static final class Event {
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

    static long pack(Event e, String status) {
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

    /** Formats the JSON line (with its line feed) of a packed line into {@code b}. */
    static void format(StringBuilder b, TrafficGenerator generator, long ts, long id, long ctwaClid, long packed) {
        b.setLength(0);
        int kind = (int) (packed & 3);
        int pair = (int) (packed >>> PAIR_SHIFT);
        long adIndex = (packed >>> AD_SHIFT) & 0xff;
        String sourceType = (packed & POST_BIT) != 0 ? "post" : "ad";
        b.append("{\"type\":\"")
                .append(kind == TrafficGenerator.KIND_INBOUND ? "inbound_message" : kind == TrafficGenerator.KIND_AD_CLICK ? "ad_click" : "outbound_send")
                .append("\",\"event_id\":\"ev-").append(id)
                .append("\",\"business_id\":\"");
        TrafficGenerator.appendBusinessId(b, generator.businessIndex(pair));
        b.append("\",\"customer_id\":\"").append(447_700_900_000L + generator.customerIndex(pair))
                .append("\",\"timestamp\":\"");
        UtcTimestamps.appendInstant(b, ts);
        b.append('"');
        switch (kind) {
            case TrafficGenerator.KIND_INBOUND:
                if ((packed & REFERRAL_BIT) != 0) {
                    b.append(",\"referral\":{\"source_type\":\"").append(sourceType)
                            .append("\",\"source_id\":\"").append(120_210_000_000_000L + adIndex)
                            .append("\",\"ctwa_clid\":\"ARA").append(Long.toUnsignedString(ctwaClid, 36)).append("\"}");
                }
                break;
            case TrafficGenerator.KIND_AD_CLICK:
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
    }
}
