package dev.convometer.app.statement;

import static dev.convometer.app.statement.PricedLines.message;
import static dev.convometer.app.statement.PricedLines.voided;
import static dev.convometer.app.statement.PricedLines.with;
import static dev.convometer.app.statement.PricedLines.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Netting voided records against emitted ones as multisets of whole records, and the totals of what remains. */
class StatementTest {
    private static final StatementKey UTILITY_REGULAR = new StatementKey("WA", "2025-09", "USD", "India", "utility", "regular");

    @TempDir
    Path dir;

    private Statement net(List<Map<String, Object>> emitted, List<Map<String, Object>> voidedRecords) throws StatementException {
        Statement statement = new Statement();
        statement.net(List.of(write(dir.resolve("emitted.jsonl"), emitted)), List.of(write(dir.resolve("voided.jsonl"), voidedRecords)));
        return statement;
    }

    private static Statement totals(Path... emitted) throws StatementException {
        Statement statement = new Statement();
        statement.net(List.of(emitted), List.of());
        return statement;
    }

    // ---- netting ----

    @Test
    void shouldLeaveOneRecordWhenOneOfTwoIdenticalRecordsIsVoided() throws StatementException {
        Map<String, Object> record = message("o1");

        Statement statement = net(List.of(record, record), List.of(voided(record, "i1")));

        assertThat(statement.rows()).containsOnlyKeys(UTILITY_REGULAR);
        assertThat(statement.rows().get(UTILITY_REGULAR).count()).isEqualTo(1);
        assertThat(statement.rows().get(UTILITY_REGULAR).amount()).isEqualByComparingTo("0.0015");
        assertThat(statement.unmatched()).isEmpty();
        assertThat(statement.emitted()).isEqualTo(2);
        assertThat(statement.voided()).isEqualTo(1);
        assertThat(statement.net()).isEqualTo(1);
    }

    @Test
    void shouldCancelNothingAndReportTheVoidWhenItDiffersInOneField() throws StatementException {
        Map<String, Object> record = message("o1");

        Statement statement = net(List.of(record), List.of(voided(with(record, "tier", "1:"), "i1")));

        assertThat(statement.rows().get(UTILITY_REGULAR).count()).isEqualTo(1);
        assertThat(statement.unmatched()).extracting(UnmatchedVoid::chargeId, UnmatchedVoid::line)
                .containsExactly(tuple("M/15550101/919810000001/1757498400000/o1", 1L));
        assertThat(statement.net()).isEqualTo(1);
    }

    @Test
    void shouldCancelWhenTheVoidListsTheFieldsInAnotherOrder() throws StatementException {
        Map<String, Object> record = message("o1");
        Map<String, Object> reordered = new LinkedHashMap<>();
        new ArrayDeque<>(record.keySet()).descendingIterator().forEachRemaining(field -> reordered.put(field, record.get(field)));

        Statement statement = net(List.of(record), List.of(voided(reordered, "i1")));

        assertThat(statement.rows()).isEmpty();
        assertThat(statement.unmatched()).isEmpty();
    }

    @Test
    void shouldKeepTheEarlierRecordWhenTheLaterOneOfTheSameChargeIsVoided() throws StatementException {
        // a void and its replacement may come in either order (PRICING.md 7.12): never "the latest per charge_id"
        Map<String, Object> regular = message("o1");
        Map<String, Object> free = with(with(with(regular, "pricing_type", "free_customer_service"), "billable", false), "amount", "0.000000");

        Statement statement = net(List.of(regular, free), List.of(voided(free, "i1")));

        assertThat(statement.rows()).containsOnlyKeys(UTILITY_REGULAR);
        assertThat(statement.rows().get(UTILITY_REGULAR).billableCount()).isEqualTo(1);
    }

    @Test
    void shouldNetARecordVoidedAndEmittedAgainToOneRecord() throws StatementException {
        Map<String, Object> regular = message("o1");
        Map<String, Object> free = with(with(with(regular, "pricing_type", "free_customer_service"), "billable", false), "amount", "0.000000");

        Statement statement = net(List.of(regular, free, regular), List.of(voided(regular, "i1"), voided(free, "f1")));

        assertThat(statement.rows()).containsOnlyKeys(UTILITY_REGULAR);
        assertThat(statement.rows().get(UTILITY_REGULAR).count()).isEqualTo(1);
        assertThat(statement.unmatched()).isEmpty();
    }

    @Test
    void shouldReportEachVoidLeftOverInFileOrderWhenThereAreMoreVoidsThanRecords() throws StatementException {
        Map<String, Object> first = message("o1");
        Map<String, Object> second = message("o2");

        Statement statement = net(List.of(first), List.of(voided(second, "a"), voided(first, "b"), voided(first, "c"), voided(second, "d")));

        assertThat(statement.rows()).isEmpty();
        assertThat(statement.unmatched()).extracting(UnmatchedVoid::line).containsExactly(1L, 3L, 4L);
        assertThat(statement.unmatched().get(0).describe()).isEqualTo(dir.resolve("voided.jsonl")
                + " line 1: voided record matches no emitted record (charge_id M/15550101/919810000001/1757498400000/o2)");
    }

    @Test
    void shouldNetEachKindAgainstItsOwnVoidsWhenConversationsAndMessagesAreNettedApart() throws StatementException {
        Map<String, Object> record = message("o1");
        Path emitted = write(dir.resolve("conversations.jsonl"), List.of(record));
        Path voids = write(dir.resolve("messages-voided.jsonl"), List.of(voided(record, "i1")));
        Statement statement = new Statement();

        statement.net(List.of(emitted), List.of());
        statement.net(List.of(), List.of(voids));

        assertThat(statement.rows().get(UTILITY_REGULAR).count()).isEqualTo(1);
        assertThat(statement.unmatched()).extracting(UnmatchedVoid::file).containsExactly(voids);
    }

    // ---- totals ----

    @Test
    void shouldSumAmountsExactlyWhenBinaryFloatingPointWouldNot() throws StatementException {
        Path emitted = write(dir.resolve("emitted.jsonl"), List.of(with(message("o1"), "amount", "0.1"), with(message("o2"), "amount", "0.2")));

        ChargeTotals totals = totals(emitted).rows().get(UTILITY_REGULAR);

        assertThat(totals.amount()).isEqualTo(new BigDecimal("0.300000"));
        assertThat(totals.amount().toPlainString()).isEqualTo("0.300000");
    }

    @Test
    void shouldKeepEveryCentWhenManySmallAmountsAddUp() throws StatementException {
        List<Map<String, Object>> records = IntStream.range(0, 1000)
                .mapToObj(i -> with(message("o" + i), "amount", "0.000001")).toList();

        ChargeTotals totals = totals(write(dir.resolve("emitted.jsonl"), records)).rows().get(UTILITY_REGULAR);

        assertThat(totals.amount().toPlainString()).isEqualTo("0.001000");
        assertThat(totals.count()).isEqualTo(1000);
    }

    @Test
    void shouldCountNoRateAndAddNothingWhenTheAmountIsNull() throws StatementException {
        Map<String, Object> noRate = with(with(with(with(message("o2"), "amount", null), "rate_card_version", null), "tier", null),
                "unpriced_reason", "no_rate");

        ChargeTotals totals = totals(write(dir.resolve("emitted.jsonl"), List.of(message("o1"), noRate))).rows().get(UTILITY_REGULAR);

        assertThat(totals.count()).isEqualTo(2);
        assertThat(totals.billableCount()).isEqualTo(2);
        assertThat(totals.noRate()).isEqualTo(1);
        assertThat(totals.unpriced()).isZero();
        assertThat(totals.amount().toPlainString()).isEqualTo("0.001500");
    }

    @Test
    void shouldCountUnpricedAndBillableWhenLegacyRecordsMixWithFreeOnes() throws StatementException {
        Map<String, Object> legacy = with(with(with(message("o1"), "pricing_type", "unpriced"), "amount", null), "unpriced_reason", "legacy_era");
        Map<String, Object> free = with(with(message("o2"), "billable", false), "amount", "0.000000");
        StatementKey unpricedKey = new StatementKey("WA", "2025-09", "USD", "India", "utility", "unpriced");

        Statement statement = totals(write(dir.resolve("emitted.jsonl"), List.of(legacy, legacy, free)));

        ChargeTotals unpriced = statement.rows().get(unpricedKey);
        assertThat(unpriced.count()).isEqualTo(2);
        assertThat(unpriced.unpriced()).isEqualTo(2);
        assertThat(unpriced.noRate()).isZero();
        assertThat(unpriced.billableCount()).isEqualTo(2);
        assertThat(unpriced.amount().toPlainString()).isEqualTo("0.000000");
        ChargeTotals regular = statement.rows().get(UTILITY_REGULAR);
        assertThat(regular.count()).isEqualTo(1);
        assertThat(regular.billableCount()).isZero();
        assertThat(regular.unpriced()).isZero();
    }

    @Test
    void shouldKeepARowPerKeyWhenAnyKeyFieldDiffers() throws StatementException {
        Map<String, Object> base = message("o1");
        List<Map<String, Object>> records = List.of(base, with(base, "waba_id", "WB"), with(base, "billing_month", "2025-10"),
                with(base, "currency", "EUR"), with(base, "market", "Other"), with(base, "pricing_category", "marketing"),
                with(base, "pricing_type", "free_tier"), with(base, "portfolio_id", "PB"));

        Statement statement = totals(write(dir.resolve("emitted.jsonl"), records));

        assertThat(statement.rows()).hasSize(7);
        assertThat(statement.rows().get(UTILITY_REGULAR).count()).isEqualTo(2);
    }

    @Test
    void shouldSortRowsByUtf8BytesWhenUtf16OrderDiffers() throws StatementException {
        // U+FF21 sorts after U+1F600 as UTF-16 units (0xFF21 > 0xD83D) but before it as UTF-8 bytes (EF < F0)
        Map<String, Object> base = message("o1");
        Path emitted = write(dir.resolve("emitted.jsonl"), List.of(with(base, "waba_id", "\uD83D\uDE00"), with(base, "waba_id", "\uFF21"),
                with(base, "waba_id", "b"), with(base, "waba_id", "B"), with(base, "market", "Z"), with(base, "market", "A")));

        Statement statement = totals(emitted);

        assertThat(statement.rows().keySet()).extracting(key -> key.wabaId() + "/" + key.market())
                .containsExactly("B/India", "WA/A", "WA/Z", "b/India", "\uFF21/India", "\uD83D\uDE00/India");
    }
}
