package dev.convometer.app.traffic;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.topology.BillingCounters;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a billing run did, printed at its end by replay and local. Late events, voided conversations and withdrawn
 * rejections come from corrections (SPEC section 3a); "conversations opened" counts every conversation-opened event
 * written, voided ones included. Events too late to correct are among the dead letters.
 */
public record BillingSummary(Map<EventKind, Long> read, long deadLetters, BillingCounters billing, long elapsedNanos) {

    /** This summary with {@code more} dead letters read before the traffic (invalid business accounts). */
    public BillingSummary plusDeadLetters(long more) {
        return new BillingSummary(read, deadLetters + more, billing, elapsedNanos);
    }

    long events() {
        return read.values().stream().mapToLong(Long::longValue).sum();
    }

    public void print(PrintStream out) {
        StringJoiner kinds = new StringJoiner(", ");
        for (EventKind kind : EventKind.values()) {
            kinds.add(kind.wireName() + " " + read.get(kind));
        }
        StringJoiner opened = new StringJoiner(", ");
        long total = 0;
        for (Category category : Category.values()) {
            long count = billing.opened(category);
            total += count;
            opened.add(category.wireName() + " " + count);
        }
        double seconds = elapsedNanos / 1e9;
        line(out, "events read", events(), "valid input events, duplicates included (" + kinds + ")");
        line(out, "conversations opened", total, "conversation-opened events, voided ones included (" + opened + ")");
        line(out, "billable", billing.billable(), "of those, the ones charged (free entry point ones are not)");
        line(out, "rejected sends", billing.rejected(), "free-form messages sent with no customer service window open");
        line(out, "dead letters", deadLetters, "lines or records refused (bad input, too late), each with its reason");
        line(out, "duplicates dropped", billing.duplicates(), "copies of an event already billed (same event_id)");
        line(out, "late events", billing.lateEvents(), "events behind their pair's last one, corrected in their O-ORDER place");
        line(out, "conversations voided", billing.voided(), "conversations a late event took back (conversation-voided)");
        line(out, "rejections withdrawn", billing.withdrawn(), "rejections a late event took back (rejection-withdrawn)");
        line(out, "too late to correct", billing.tooLate(), "behind the correction horizon: dead letters, reason too_late");
        if (billing.priced() > 0 || billing.pricedVoided() > 0) {
            line(out, "priced records", billing.priced(), "priced-conversation and priced-message records, voided ones included");
            line(out, "priced voided", billing.pricedVoided(), "priced records a late event took back (priced-*-voided)");
            billing.amounts().forEach((key, amount) -> line(out, "  " + key.billingMonth() + " " + key.currency(),
                    amount.sum().toPlainString(), "net amount of " + amount.records() + " " + key.pricingType() + " records"));
        }
        line(out, "elapsed", String.format("%.2f s", seconds), String.format("from start to the last output written (%.0f events/s)",
                seconds > 0 ? events() / seconds : 0.0));
    }

    /** One figure: its name, its value, and in a few words what it counts. */
    private static void line(PrintStream out, String name, Object value, String meaning) {
        out.printf("%-21s %-9s %s%n", name + ":", value, meaning);
    }
}
