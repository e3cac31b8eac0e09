package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What billing did in this process, summed over all tasks and threads: for the replay summary and for metrics. */
public final class BillingCounters {
    private final Map<EventKind, LongAdder> events = adders(EventKind.class);
    private final Map<Category, LongAdder> opened = adders(Category.class);
    private final LongAdder billable = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder expiredFreed = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder lateEvents = new LongAdder();
    private final LongAdder voided = new LongAdder();
    private final LongAdder withdrawn = new LongAdder();
    private final LongAdder tooLate = new LongAdder();

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            map.put(value, new LongAdder());
        }
        return map;
    }

    void recordEvent(EventKind kind) {
        events.get(kind).increment();
    }

    void recordOpened(Category category) {
        opened.get(category).increment();
        if (category.billable()) {
            billable.increment();
        }
    }

    void recordRejected() {
        rejected.increment();
    }

    void recordDuplicate() {
        duplicates.increment();
    }

    /** A correction can turn applied copies into duplicates and back: the change, either way. */
    void recordDuplicates(long change) {
        duplicates.add(change);
    }

    void recordExpiredFreed(long count) {
        expiredFreed.add(count);
    }

    public void recordDeadLetter() {
        deadLetters.increment();
    }

    void recordLate() {
        lateEvents.increment();
    }

    void recordVoided() {
        voided.increment();
    }

    void recordWithdrawn() {
        withdrawn.increment();
    }

    void recordTooLate() {
        tooLate.increment();
    }

    /** Events billing took in (duplicates included, dead letters not). */
    public long events(EventKind kind) {
        return events.get(kind).sum();
    }

    public long opened(Category category) {
        return opened.get(category).sum();
    }

    public long billable() {
        return billable.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** Input records sent to the dead-letter topic: unreadable or breaking the contract. */
    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Events that came, in O-ORDER, before an event of their pair already applied: each recomputed its pair. */
    public long lateEvents() {
        return lateEvents.sum();
    }

    /** Conversation-opened events taken back by corrections (conversation-voided). */
    public long voided() {
        return voided.sum();
    }

    /** Send-rejected events taken back by corrections (rejection-withdrawn). */
    public long withdrawn() {
        return withdrawn.sum();
    }

    /** Events dead-lettered as too late to correct (reason too_late); also counted in {@link #deadLetters()}. */
    public long tooLate() {
        return tooLate.sum();
    }

    /** Expired state entries (pair records and history entries) freed by punctuation. */
    public long expiredFreed() {
        return expiredFreed.sum();
    }
}
