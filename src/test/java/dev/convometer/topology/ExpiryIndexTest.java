package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The expiry index on its own: due entries fired by hand, as the punctuator fires them, without a BillingProcessor. */
class ExpiryIndexTest {
    private final InMemoryStores stores = new InMemoryStores();
    private KeyValueStore<Bytes, byte[]> entries;
    private KeyValueStore<String, Long> cursor;
    private ExpiryIndex index;
    private final List<String> fired = new ArrayList<>();

    @BeforeEach
    void createIndex() {
        entries = stores.bytes("expiry-index");
        cursor = stores.store("expiry-cursor", Serdes.String(), Serdes.Long());
        index = new ExpiryIndex(entries, cursor);
    }

    private int expire(long streamTime) {
        return index.maintainDue(streamTime, (key, time) -> {
            fired.add(new String(key, StandardCharsets.UTF_8));
            return 1;
        });
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldFireEntriesInTimeOrderWhenStreamTimeReachesThem() {
        index.schedule(300, key("c"));
        index.schedule(100, key("a"));
        index.schedule(200, key("b"));

        assertThat(expire(250)).isEqualTo(2);

        assertThat(fired).containsExactly("a", "b");
    }

    @Test
    void shouldFireAnEntryExactlyAtItsTimeWhenNotBefore() {
        index.schedule(100, key("a"));

        assertThat(expire(99)).isZero();
        assertThat(expire(100)).isEqualTo(1);
        assertThat(fired).containsExactly("a");
    }

    @Test
    void shouldOrderNegativeTimesBeforePositiveWhenScanning() {
        index.schedule(5, key("positive"));
        index.schedule(-5, key("negative"));

        expire(10);

        assertThat(fired).containsExactly("negative", "positive");
    }

    @Test
    void shouldRemoveFiredEntriesWhenExpiring() {
        index.schedule(100, key("a"));
        index.schedule(200, key("b"));

        expire(150);
        expire(250);

        assertThat(fired).containsExactly("a", "b");
        assertThat(entries.approximateNumEntries()).isZero();
    }

    @Test
    void shouldScheduleAtTheCursorWhenTheTimeIsAlreadyCleanedUp() {
        expire(1_000);
        index.schedule(10, key("late"));

        assertThat(expire(1_000)).as("the cursor is past 1000").isZero();
        assertThat(expire(1_001)).isEqualTo(1);
        assertThat(fired).containsExactly("late");
    }

    @Test
    void shouldDoNothingWhenStreamTimeGoesBack() {
        expire(1_000);
        index.schedule(500, key("a"));

        assertThat(expire(900)).isZero();
        assertThat(fired).isEmpty();
    }

    @Test
    void shouldResumeFromTheStoredCursorWhenRecreated() {
        expire(1_000);
        index.schedule(10, key("late"));

        ExpiryIndex restored = new ExpiryIndex(entries, cursor);

        assertThat(cursor.get("cleaned-up-to")).isEqualTo(1_001L);
        assertThat(restored.maintainDue(1_000, (key, time) -> 1)).isZero();
        assertThat(restored.maintainDue(1_001, (key, time) -> {
            fired.add(new String(key, StandardCharsets.UTF_8));
            return 1;
        })).isEqualTo(1);
        assertThat(fired).containsExactly("late");
    }

    @Test
    void shouldSumWhatEachEntryFreedWhenExpiring() {
        index.schedule(1, key("a"));
        index.schedule(2, key("b"));

        int freed = index.maintainDue(5, (key, time) -> key[0] == 'a' ? 3 : 0);

        assertThat(freed).isEqualTo(3);
    }

    @Test
    void shouldPassStreamTimeToEachDueEntryWhenExpiring() {
        index.schedule(1, key("a"));
        List<Long> times = new ArrayList<>();

        index.maintainDue(42, (key, time) -> {
            times.add(time);
            return 0;
        });

        assertThat(times).containsExactly(42L);
    }
}
