package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.topology.serde.AvroSerde;
import dev.convometer.topology.serde.SchemaRegistry;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The account histories pricing reads from the global store, whose every get deserializes a new record. The test writes
 * the store as {@link AccountsProcessor} does: each write, then its change counted.
 */
class AccountBookTest {
    private static final String BUSINESS = "15550000001";
    private static final String SCOPE = "account-book-test";

    private final KeyValueStore<String, BusinessAccount> store = new InMemoryStores().store("business-accounts", Serdes.String(),
            new AvroSerde<>(BusinessAccount.class, SchemaRegistry.forUrl("mock://" + SCOPE), false));
    private final AccountChanges changes = new AccountChanges();
    private final AccountBook book = new AccountBook(store, changes);

    @AfterEach
    void dropRegistry() {
        SchemaRegistry.dropMockScope(SCOPE);
    }

    private static BusinessAccount account(String movedAt, String zone) {
        return new BusinessAccount(BUSINESS, List.of(new AccountVersion(null, "w1", "p1", "UTC", "USD"),
                new AccountVersion(Instant.parse(movedAt), "w2", "p1", zone, "EUR")));
    }

    private void write(BusinessAccount record) {
        if (record == null) {
            store.delete(BUSINESS);
        } else {
            store.put(BUSINESS, record);
        }
        changes.changed();
    }

    @Test
    void shouldReadTheSameHistoryAgainWhenARecordWithADatedVersionIsReadTwiceFromTheStore() {
        write(account("2025-07-01T00:00:00Z", "Asia/Kolkata"));

        AccountHistory first = book.historyOf(BUSINESS);
        changes.changed(); // another business's record: this one is read from the store again, an equal record
        AccountHistory second = book.historyOf(BUSINESS);

        assertThat(second).isSameAs(first);
        assertThat(second.versions()).hasSize(2);
        assertThat(second.versions().get(1).timeZone().getId()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void shouldReadTheNewHistoryWhenTheRecordChangesOnlyInADatedVersion() {
        write(account("2025-07-01T00:00:00Z", "Asia/Kolkata"));
        AccountHistory before = book.historyOf(BUSINESS);

        write(account("2025-07-02T00:00:00Z", "Asia/Kolkata"));
        AccountHistory after = book.historyOf(BUSINESS);

        assertThat(after).isNotEqualTo(before);
        assertThat(after.versions().get(1).validFrom()).isEqualTo(Instant.parse("2025-07-02T00:00:00Z").toEpochMilli());
        write(null);
        assertThat(book.historyOf(BUSINESS)).as("a tombstone: the defaults apply").isNull();
        write(account("2025-07-03T00:00:00Z", "Europe/Berlin"));
        assertThat(book.historyOf(BUSINESS).versions().get(1).timeZone().getId()).as("a record after the tombstone").isEqualTo("Europe/Berlin");
    }

    @Test
    void shouldNotReadTheStoreAgainWhenNoChangeWasCountedSinceTheLastRead() {
        assertThat(book.historyOf(BUSINESS)).as("no record: the defaults apply").isNull();
        store.put(BUSINESS, account("2025-07-01T00:00:00Z", "Asia/Kolkata")); // written, its change not yet counted

        assertThat(book.historyOf(BUSINESS)).as("the answer of the last read, the store unread").isNull();
        changes.changed();
        assertThat(book.historyOf(BUSINESS).versions()).as("read again once the change is counted").hasSize(2);
    }
}
