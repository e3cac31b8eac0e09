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
        out.printf("events read:          %d (%s)%n", events(), kinds);
        out.printf("conversations opened: %d (%s)%n", total, opened);
        out.printf("billable:             %d%n", billing.billable());
        out.printf("rejected sends:       %d%n", billing.rejected());
        out.printf("dead letters:         %d%n", deadLetters);
        out.printf("duplicates dropped:   %d%n", billing.duplicates());
        out.printf("late events:          %d (corrected in their O-ORDER place)%n", billing.lateEvents());
        out.printf("conversations voided: %d%n", billing.voided());
        out.printf("rejections withdrawn: %d%n", billing.withdrawn());
        out.printf("too late to correct:  %d (dead-lettered, reason too_late)%n", billing.tooLate());
        out.printf("elapsed:              %.2f s (%.0f events/s)%n", seconds, seconds > 0 ? events() / seconds : 0.0);
    }
}
