package dev.convometer.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The changes made to the {@code business-accounts} store, counted by {@link AccountsProcessor} (the only writer, on the
 * global thread) after each write. Billing keeps the account histories it read and reads the store again only when the
 * count moved: a read of the global store is a RocksDB get and an Avro decode, for every priced item, and the accounts
 * change rarely. One per topology: every billing task of an instance shares its global store. Restoring the store
 * runs the processor too ({@code StreamsBuilder#addGlobalStore} reprocesses its topic on restore), so it counts.
 */
public final class AccountChanges {
    private final AtomicLong count = new AtomicLong();

    /** The changes so far; read before the store, so that a change made after the read moves it. */
    long count() {
        return count.get();
    }

    /** After a write to the store. */
    void changed() {
        count.incrementAndGet();
    }
}
