package dev.convometer.topology;

import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.pricing.AccountHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The account histories pricing reads (P-ACCOUNT-LIVE: the history as it stands when an item is priced), from the
 * {@code accounts} store. The store is read again only after it changed ({@link AccountChanges}); a record is checked
 * once and its history kept while the store holds an equal record: the store only ever holds records that passed the
 * check, and a change to one business leaves the others' records as they were.
 */
final class AccountBook {
    private static final int CACHED = 10_000;

    private final ReadOnlyKeyValueStore<String, BusinessAccount> store;
    private final AccountChanges changes;
    private final Map<String, Checked> checked = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
            return size() > CACHED;
        }
    };

    /** What the store held for a business when it had changed {@code changes} times; a null record: none. */
    private record Checked(BusinessAccount record, AccountHistory history, long changes) {
    }

    AccountBook(ReadOnlyKeyValueStore<String, BusinessAccount> store, AccountChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    /** The history of {@code businessId}, or null when it has none (the defaults apply, P-ACCOUNT-DEFAULT). */
    AccountHistory historyOf(String businessId) {
        long now = changes.count();
        Checked known = checked.get(businessId);
        if (known != null && known.changes() == now) {
            return known.history();
        }
        BusinessAccount record = store.get(businessId);
        AccountHistory history;
        if (record == null) {
            history = null;
        } else if (known != null && known.record() != null && same(known.record(), record)) {
            history = known.history();
        } else {
            history = AccountRecords.history(record);
        }
        checked.put(businessId, new Checked(record, history, now));
        return history;
    }

    /**
     * Equal records. Not {@code a.equals(b)}: a record read from the store has its versions in an Avro array, whose
     * equals compares with GenericData, which knows no {@code Instant} (valid_from) and throws; versions compare field
     * by field. The store holds checked records only: versions and their elements are never null. An in-memory store
     * (replay's) hands out the record it holds, so the same instance is the common case.
     */
    static boolean same(BusinessAccount a, BusinessAccount b) {
        if (a == b) {
            return true;
        }
        List<AccountVersion> versions = a.getVersions();
        List<AccountVersion> others = b.getVersions();
        if (!a.getBusinessId().equals(b.getBusinessId()) || versions.size() != others.size()) {
            return false;
        }
        for (int i = 0; i < versions.size(); i++) {
            if (!versions.get(i).equals(others.get(i))) {
                return false;
            }
        }
        return true;
    }
}
