package dev.convometer.topology;

import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.domain.pricing.AccountVersion;
import dev.convometer.domain.pricing.InvalidAccount;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code business-accounts} store (PRICING 7.2): a record replaces the business's whole history, a
 * tombstone deletes it. A record that fails the check (or whose key is not its business_id) is thrown as a
 * {@link ContractViolation} with reason {@code invalid_account}, which {@link ProcessingErrorHandler} dead-letters, and
 * changes nothing. A record that changes the history in force at or before its own timestamp is backdated
 * (P-ACCOUNT-LIVE): it applies to items priced from then on only, so it is logged and counted, for a re-bill.
 */
final class AccountsProcessor implements Processor<String, BusinessAccount, Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(AccountsProcessor.class);

    private final BillingCounters counters;
    private final AccountChanges changes;
    private KeyValueStore<String, BusinessAccount> store;

    AccountsProcessor(BillingCounters counters, AccountChanges changes) {
        this.counters = counters;
        this.changes = changes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(BillingTopology.ACCOUNTS_STORE);
    }

    @Override
    public void process(Record<String, BusinessAccount> record) {
        String key = record.key();
        BusinessAccount value = record.value();
        if (value == null) {
            if (key != null) {
                store.delete(key);
                changes.changed();
            }
            return;
        }
        AccountHistory history;
        try {
            history = AccountRecords.history(value);
        } catch (InvalidAccount e) {
            throw new ContractViolation(InvalidAccount.REASON + ": " + e.getMessage());
        }
        if (!history.businessId().equals(key)) {
            throw new ContractViolation(InvalidAccount.REASON + ": record key '" + key + "' is not its business_id '"
                    + history.businessId() + "'");
        }
        BusinessAccount previous = store.get(key);
        if (previous != null && backdated(AccountRecords.history(previous), history, record.timestamp())) {
            counters.recordBackdatedAccount();
            LOG.warn("business account {} changed its history at or before {}: it applies to what is priced from now on;"
                    + " re-bill the traffic before it to apply it there", key, Instant.ofEpochMilli(record.timestamp()));
        }
        store.put(key, value);
        changes.changed();
    }

    /** Whether the versions in force at or before {@code at} differ between the two histories. */
    private static boolean backdated(AccountHistory before, AccountHistory after, long at) {
        return !inForceBy(before, at).equals(inForceBy(after, at));
    }

    private static List<AccountVersion> inForceBy(AccountHistory history, long at) {
        return history.versions().stream().filter(v -> v.validFrom() == null || v.validFrom() <= at).toList();
    }
}
