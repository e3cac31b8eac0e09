package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;

/** Fills {@link BillingCounters} from tests outside this package (the metrics endpoint), whose recorders are package-private. */
public final class CountersFixture {
    private CountersFixture() {
    }

    public static void events(BillingCounters counters, EventKind kind, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordEvent(kind);
        }
    }

    public static void opened(BillingCounters counters, Category category, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordOpened(category);
        }
    }

    public static void rejected(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordRejected();
        }
    }

    public static void duplicates(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordDuplicate();
        }
    }

    public static void deadLetters(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordDeadLetter();
        }
    }

    public static void expiredFreed(BillingCounters counters, long count) {
        counters.recordExpiredFreed(count);
    }

    public static void late(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordLate();
        }
    }

    public static void voided(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordVoided();
        }
    }

    public static void withdrawn(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordWithdrawn();
        }
    }

    public static void tooLate(BillingCounters counters, int times) {
        for (int i = 0; i < times; i++) {
            counters.recordTooLate();
        }
    }
}
