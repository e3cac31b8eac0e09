package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.domain.Category;
import dev.convometer.domain.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 7.8: charge ids with percent-encoded parts, and the record order. */
class ChargeIdTest {

    @Test
    void shouldJoinThePartsWithSlashesWhenIdsAreDigitsAndLetters() {
        assertThat(ChargeId.conversation("15550101", "919810000001", 1751293800000L, "o1"))
                .isEqualTo("C/15550101/919810000001/1751293800000/o1");
        assertThat(ChargeId.message("15550105", "447400123456", 1759266000000L, "o1"))
                .isEqualTo("M/15550105/447400123456/1759266000000/o1");
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "AZaz09-._~       | AZaz09-._~",
            "\"a b\"          | a%20b",
            "a/b              | a%2Fb",
            "100%             | 100%25",
            "%2F              | %252F",
            "+4477            | %2B4477",
            "wamid.HBg=:x?y#z | wamid.HBg%3D%3Ax%3Fy%23z",
            "é                | %C3%A9",
            "日本              | %E6%97%A5%E6%9C%AC",
            "😀               | %F0%9F%98%80",
            "\"\t\"           | %09",
    })
    void shouldPercentEncodeEveryByteOutsideUnreservedWhenAnIdIsOdd(String part, String encoded) {
        assertThat(ChargeId.encode(part)).isEqualTo(encoded);
    }

    @Test
    void shouldEncodeEveryStringPartWhenBuildingAnId() {
        assertThat(ChargeId.message("b/1", "c 2", -5L, "e%3"))
                .isEqualTo("M/b%2F1/c%202/-5/e%253");
        assertThat(ChargeId.conversation("b", "+1", 0L, "é"))
                .isEqualTo("C/b/%2B1/0/%C3%A9");
    }

    private static PricedMessage message(long timestamp, String businessId, String customerId, String eventId) {
        return new PricedMessage(ChargeId.message(businessId, customerId, timestamp, eventId), eventId, businessId, customerId,
                timestamp, MessageType.FREE_FORM, Category.SERVICE, null, null);
    }

    private static PricedConversation conversation(long openedAt, String businessId, String customerId, String openedBy) {
        return new PricedConversation(ChargeId.conversation(businessId, customerId, openedAt, openedBy), businessId, customerId,
                Category.SERVICE, openedAt, openedAt + 1, openedBy, null);
    }

    @Test
    void shouldOrderByInstantThenBusinessCustomerAndEventIdWhenSortingMessages() {
        List<PricedItem> expected = List.of(
                message(1, "z", "z", "z"),
                message(2, "a", "z", "z"),
                message(2, "b", "a", "a"),
                message(2, "b", "b", "a"),
                message(2, "b", "b", "b"));
        List<PricedItem> shuffled = new ArrayList<>(expected);
        java.util.Collections.reverse(shuffled);

        shuffled.sort(PricedItem.RECORD_ORDER);

        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldOrderOpenedByAsUnsignedUtf8BytesWhenIdsLeaveAscii() {
        List<PricedItem> expected = List.of(
                conversation(7, "b", "c", "a"),
                conversation(7, "b", "c", "ab"),
                conversation(7, "b", "c", "z"),
                conversation(7, "b", "c", "é"),
                conversation(7, "b", "c", "\uFFFF"),   // UTF-16 would put this after the emoji's surrogates...
                conversation(7, "b", "c", "😀"));      // ...UTF-8 (EF BF BF < F0 9F 98 80) does not
        List<PricedItem> shuffled = new ArrayList<>(List.of(expected.get(5), expected.get(3), expected.get(0),
                expected.get(4), expected.get(2), expected.get(1)));

        shuffled.sort(PricedItem.RECORD_ORDER);

        assertThat(shuffled).containsExactlyElementsOf(expected);
        assertThat("😀".compareTo("\uFFFF")).as("String order differs here").isNegative();
    }

    @Test
    void shouldCompareBusinessIdsAsUtf8WhenTheyDifferOutsideTheBmp() {
        assertThat(PricedItem.RECORD_ORDER.compare(message(1, "\uFFFF", "c", "e"), message(1, "😀", "c", "e"))).isNegative();
        assertThat(PricedItem.RECORD_ORDER.compare(message(1, "b", "😀", "e"), message(1, "b", "\uFFFF", "e"))).isPositive();
        assertThat(PricedItem.RECORD_ORDER.compare(message(1, "b", "c", "e"), message(1, "b", "c", "e"))).isZero();
    }
}
