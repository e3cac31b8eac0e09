package dev.convometer.domain.pricing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The monthly counters' step (7.11, 7.12): what one event adds to and retracts from one counter, applied as one net
 * change. Items are kept in P-ORDER; the head holds the key of the item at each boundary rank (free tier, band ends), so
 * an item's price class is found by comparing it with those keys, never by counting what precedes it. Per item added or
 * removed, only the item at each boundary moves across it (at most one per free tier and one per band), and only those
 * are priced again: a step costs a few store reads per boundary, whatever the counter's size.
 */
public final class CounterBook {
    private final PricingRules rules;

    public CounterBook(PricingRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Retracts then adds the items of one event in one counter and prices again what changed rank class. An equal re-add
     * and an unknown retract do nothing; an add of a key held with another item replaces it. Returns the net difference:
     * the records emitted before that no longer hold, and the new ones (none of them both).
     */
    public CounterChange apply(CounterItems items, Counter counter, List<CountedItem> retracts, List<CountedItem> adds) {
        Step step = new Step(items, counter, head(items, counter));
        for (CountedItem retract : retracts) {
            CountedEntry held = step.get(retract.key());
            if (held != null && held.item().equals(retract)) {
                step.remove(held);
            }
        }
        for (CountedItem add : adds) {
            CountedEntry held = step.get(add.key());
            if (held != null) {
                if (held.item().equals(add)) {
                    continue;
                }
                step.remove(held);
            }
            step.insert(add);
        }
        return step.finish();
    }

    /** The stored head, or a new one; rebuilt by one walk when the boundaries changed (another rate card or free tier). */
    private CounterHead head(CounterItems items, Counter counter) {
        long[] ranks = rules.boundaries(counter);
        CounterHead head = items.head(counter);
        if (head == null) {
            return new CounterHead(0, ranks, new ItemKey[ranks.length]);
        }
        if (Arrays.equals(head.ranks(), ranks)) {
            return head;
        }
        ItemKey[] atRank = new ItemKey[ranks.length];
        long rank = 0;
        for (ItemKey key = items.after(counter, null); key != null; key = items.after(counter, key)) {
            rank++;
            int at = Arrays.binarySearch(ranks, rank);
            if (at >= 0) {
                atRank[at] = key;
            }
        }
        return new CounterHead(rank, ranks, atRank);
    }

    /**
     * One step's working state: the head as it changes, each touched item's record before the step and now, and the
     * items added, held here until the step is priced (one write each, not two) and seen by every lookup of the step.
     */
    private final class Step {
        private final CounterItems items;
        private final Counter counter;
        private final long[] ranks;
        private final ItemKey[] atRank;
        private long size;
        private final Map<ItemKey, PricedItem[]> touched = new HashMap<>();
        private final Set<ItemKey> moved = new LinkedHashSet<>();
        private final TreeMap<ItemKey, CountedItem> added = new TreeMap<>();

        Step(CounterItems items, Counter counter, CounterHead head) {
            this.items = items;
            this.counter = counter;
            this.ranks = head.ranks();
            this.atRank = head.atRank().clone();
            this.size = head.size();
        }

        void insert(CountedItem item) {
            ItemKey key = item.key();
            added.put(key, item);
            size++;
            for (int i = 0; i < ranks.length; i++) {
                ItemKey at = atRank[i];
                if (at == null) {
                    if (size == ranks[i]) {
                        atRank[i] = before(null); // the last item now has this rank
                    }
                } else if (key.compareTo(at) < 0) {
                    moved.add(at); // one place later: past this boundary
                    atRank[i] = before(at);
                }
            }
            moved.add(key);
        }

        /** The entry of {@code key}: added in this step (its record still to come), or stored. */
        CountedEntry get(ItemKey key) {
            CountedItem item = added.get(key);
            return item != null ? new CountedEntry(item, null) : items.get(counter, key);
        }

        /** The greatest key before {@code key} (null: the last), added ones included. */
        private ItemKey before(ItemKey key) {
            ItemKey stored = items.before(counter, key);
            ItemKey add = key == null ? (added.isEmpty() ? null : added.lastKey()) : added.lowerKey(key);
            return stored == null || (add != null && add.compareTo(stored) > 0) ? add : stored;
        }

        /** The least key after {@code key}, added ones included. */
        private ItemKey after(ItemKey key) {
            ItemKey stored = items.after(counter, key);
            ItemKey add = added.higherKey(key);
            return stored == null || (add != null && add.compareTo(stored) < 0) ? add : stored;
        }

        void remove(CountedEntry entry) {
            ItemKey key = entry.item().key();
            for (int i = 0; i < ranks.length; i++) {
                ItemKey at = atRank[i];
                if (at != null && key.compareTo(at) <= 0) {
                    ItemKey next = after(at);
                    if (next != null) {
                        moved.add(next); // one place earlier: within this boundary
                    }
                    atRank[i] = next;
                }
            }
            if (added.remove(key) == null) {
                items.delete(counter, key);
            }
            size--;
            touch(key, entry.record(), null);
        }

        CounterChange finish() {
            for (ItemKey key : moved) {
                CountedEntry entry = get(key);
                if (entry == null) {
                    continue; // removed again in the same step
                }
                PricedItem record = rules.ranked(entry.item(), rankClass(key));
                if (!record.equals(entry.record())) {
                    touch(key, entry.record(), record);
                    items.put(counter, new CountedEntry(entry.item(), record));
                }
            }
            items.putHead(counter, size == 0 ? null : new CounterHead(size, ranks, atRank));
            List<PricedItem> voided = new ArrayList<>();
            List<PricedItem> emitted = new ArrayList<>();
            for (PricedItem[] change : touched.values()) {
                if (change[0] != null && !change[0].equals(change[1])) {
                    voided.add(change[0]);
                }
                if (change[1] != null && !change[1].equals(change[0])) {
                    emitted.add(change[1]);
                }
            }
            voided.sort(PricedItem.RECORD_ORDER);
            emitted.sort(PricedItem.RECORD_ORDER);
            return new CounterChange(voided, emitted);
        }

        /** The first rank of the item's class: every rank between two boundaries prices alike. */
        private long rankClass(ItemKey key) {
            for (int i = 0; i < ranks.length; i++) {
                if (atRank[i] == null || key.compareTo(atRank[i]) <= 0) {
                    return i == 0 ? 1 : ranks[i - 1] + 1;
                }
            }
            return ranks.length == 0 ? 1 : ranks[ranks.length - 1] + 1;
        }

        /** Records the item's record before the step (the first time it is touched) and its record now. */
        private void touch(ItemKey key, PricedItem before, PricedItem now) {
            PricedItem[] change = touched.get(key);
            if (change == null) {
                touched.put(key, new PricedItem[] {before, now});
            } else {
                change[1] = now;
            }
        }
    }
}
