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

/** The account histories pricing reads from the global store, whose every get deserializes a new record. */
class AccountBookTest {
    private static final String BUSINESS = "15550000001";
    private static final String SCOPE = "account-book-test";

    private final KeyValueStore<String, BusinessAccount> store = new InMemoryStores().store("business-accounts", Serdes.String(),
            new AvroSerde<>(BusinessAccount.class, SchemaRegistry.forUrl("mock://" + SCOPE), false));
    private final AccountBook book = new AccountBook(store);

    @AfterEach
    void dropRegistry() {
        SchemaRegistry.dropMockScope(SCOPE);
    }

    private static BusinessAccount account(String movedAt, String zone) {
        return new BusinessAccount(BUSINESS, List.of(new AccountVersion(null, "w1", "p1", "UTC", "USD"),
                new AccountVersion(Instant.parse(movedAt), "w2", "p1", zone, "EUR")));
    }

    @Test
    void shouldReadTheSameHistoryAgainWhenARecordWithADatedVersionIsReadTwiceFromTheStore() {
        store.put(BUSINESS, account("2025-07-01T00:00:00Z", "Asia/Kolkata"));

        AccountHistory first = book.historyOf(BUSINESS);
        AccountHistory second = book.historyOf(BUSINESS);

        assertThat(second).isSameAs(first);
        assertThat(second.versions()).hasSize(2);
        assertThat(second.versions().get(1).timeZone().getId()).isEqualTo("Asia/Kolkata");
    }

    @Test
    void shouldReadTheNewHistoryWhenTheRecordChangesOnlyInADatedVersion() {
        store.put(BUSINESS, account("2025-07-01T00:00:00Z", "Asia/Kolkata"));
        AccountHistory before = book.historyOf(BUSINESS);

        store.put(BUSINESS, account("2025-07-02T00:00:00Z", "Asia/Kolkata"));
        AccountHistory after = book.historyOf(BUSINESS);

        assertThat(after).isNotEqualTo(before);
        assertThat(after.versions().get(1).validFrom()).isEqualTo(Instant.parse("2025-07-02T00:00:00Z").toEpochMilli());
        store.delete(BUSINESS);
        assertThat(book.historyOf(BUSINESS)).as("a tombstone: the defaults apply").isNull();
    }
}
