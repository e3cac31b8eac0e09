package dev.convometer.topology;

import dev.convometer.domain.Category;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.pricing.Charge;
import dev.convometer.domain.pricing.PricedItem;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
    private final LongAdder priced = new LongAdder();
    private final LongAdder pricedVoided = new LongAdder();
    private final LongAdder backdatedAccounts = new LongAdder();
    /** Net of voids, per (billing month, currency, pricing type), in millionths (amounts have 6 decimals): exact. */
    private final Map<AmountKey, Totals> amounts = new ConcurrentHashMap<>();

    /** What the summary of priced records is broken down by. */
    public record AmountKey(String billingMonth, String currency, String pricingType) implements Comparable<AmountKey> {
        @Override
        public int compareTo(AmountKey other) {
            int c = billingMonth.compareTo(other.billingMonth);
            c = c != 0 ? c : currency.compareTo(other.currency);
            return c != 0 ? c : pricingType.compareTo(other.pricingType);
        }
    }

    /** Records (emitted minus voided) and the sum of their amounts; records without an amount add none. */
    public record Amount(long records, BigDecimal sum) {
    }

    /** One key's running totals, updated from every billing thread without a lock. */
    private static final class Totals {
        final LongAdder records = new LongAdder();
        final LongAdder millionths = new LongAdder();
    }

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

    void recordBackdatedAccount() {
        backdatedAccounts.increment();
    }

    public void recordPriced(PricedItem item) {
        priced.increment();
        addAmount(item, 1);
    }

    public void recordPricedVoided(PricedItem item) {
        pricedVoided.increment();
        addAmount(item, -1);
    }

    private void addAmount(PricedItem item, int sign) {
        Charge charge = item.charge();
        Totals totals = amounts.computeIfAbsent(new AmountKey(charge.billingMonth(), charge.currency(), charge.pricingType().wireName()),
                key -> new Totals());
        totals.records.add(sign);
        if (charge.amount() != null) {
            totals.millionths.add(sign * charge.amount().unscaledValue().longValueExact());
        }
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

    /** Priced records emitted (priced-conversation and priced-message), voided ones included. */
    public long priced() {
        return priced.sum();
    }

    /** Priced records taken back by corrections (priced-*-voided). */
    public long pricedVoided() {
        return pricedVoided.sum();
    }

    /** Business-account records that changed history already in force (P-ACCOUNT-LIVE): they call for a re-bill. */
    public long backdatedAccounts() {
        return backdatedAccounts.sum();
    }

    /** Net priced records and amounts so far, by billing month, currency and pricing type, in that order. */
    public Map<AmountKey, Amount> amounts() {
        Map<AmountKey, Amount> sorted = new TreeMap<>();
        amounts.forEach((key, totals) -> sorted.put(key, new Amount(totals.records.sum(),
                BigDecimal.valueOf(totals.millionths.sum(), Charge.AMOUNT_SCALE))));
        return sorted;
    }

    /** Expired state entries (pair records and history entries) freed by punctuation. */
    public long expiredFreed() {
        return expiredFreed.sum();
    }
}
