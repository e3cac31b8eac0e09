package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.domain.BusinessMessage;
import dev.convometer.domain.Category;
import dev.convometer.domain.CustomerMessage;
import dev.convometer.domain.DeliveryStatus;
import dev.convometer.domain.MessageType;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pair record's filter of the events its history holds: never a false no, rarely a false yes (the bits it stores are pinned by StoredFormatTest). */
class HistoryFilterTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");
    private static final long T = 1_714_521_600_000L;

    @Test
    void shouldSayYesForEveryEventAddedWhenManyAreAdded() {
        HistoryFilter filter = HistoryFilter.EMPTY;
        List<TrafficEvent> added = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            TrafficEvent event = i % 2 == 0 ? CustomerMessage.inbound("in-" + i, PAIR, T + i, false)
                    : new BusinessMessage("out-" + i, PAIR, T + i, MessageType.TEMPLATE, Category.MARKETING, DeliveryStatus.SENT);
            filter = filter.with(event);
            added.add(event);
        }

        for (TrafficEvent event : added) {
            assertThat(filter.mightContain(event)).as(event.eventId()).isTrue();
        }
    }

    @Test
    void shouldSayNoForMostEventsNeverAddedWhenTwentyAreKept() {
        HistoryFilter filter = HistoryFilter.EMPTY;
        for (int i = 0; i < 20; i++) {
            filter = filter.with(CustomerMessage.inbound("kept-" + i, PAIR, T, false));
        }

        int yes = 0;
        for (int i = 0; i < 10_000; i++) {
            yes += filter.mightContain(CustomerMessage.inbound("other-" + i, PAIR, T, false)) ? 1 : 0;
        }

        assertThat(yes).as("false positives of 10,000").isLessThan(300);
    }

    @Test
    void shouldTellKindsApartWhenTheyShareAnEventId() {
        HistoryFilter filter = HistoryFilter.EMPTY.with(CustomerMessage.inbound("same-id", PAIR, T, false));

        assertThat(filter.mightContain(CustomerMessage.inbound("same-id", PAIR, T + 5, true))).isTrue();
        assertThat(filter.mightContain(CustomerMessage.adClick("same-id", PAIR, T))).isFalse();
    }

    @Test
    void shouldSayNoToEverythingWhenEmptyAndYesWhenFull() {
        TrafficEvent event = CustomerMessage.adClick("ad-1", PAIR, T);

        assertThat(HistoryFilter.EMPTY.mightContain(event)).isFalse();
        assertThat(HistoryFilter.FULL.mightContain(event)).isTrue();
    }
}
