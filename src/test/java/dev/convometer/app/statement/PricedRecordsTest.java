package dev.convometer.app.statement;

import static dev.convometer.app.statement.PricedLines.line;
import static dev.convometer.app.statement.PricedLines.message;
import static dev.convometer.app.statement.PricedLines.voided;
import static dev.convometer.app.statement.PricedLines.with;
import static dev.convometer.app.statement.PricedLines.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading priced JSON Lines: what a record gives a statement, and one line naming file and line for each bad input. */
class PricedRecordsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("priced.jsonl"), text, StandardCharsets.UTF_8);
    }

    private static List<PricedRecord> readAll(Path file, boolean voided) throws StatementException {
        List<PricedRecord> records = new ArrayList<>();
        try (PricedRecords reader = PricedRecords.open(file, voided)) {
            for (PricedRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    /** The message of the exception reading {@code text} as the second line of an emitted file fails with. */
    private String failure(String text) throws IOException {
        Path file = file(line(message("o1")) + "\n" + text + "\n");
        return assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(StatementException.class).actual().getMessage();
    }

    @Test
    void shouldGiveKeyTotalsFieldsAndChargeIdWhenTheRecordIsWhole() throws Exception {
        PricedRecord record = readAll(file(line(message("o1")) + "\n"), false).get(0);

        assertThat(record.key()).isEqualTo(new StatementKey("WA", "2025-09", "USD", "India", "utility", "regular"));
        assertThat(record.chargeId()).isEqualTo("M/15550101/919810000001/1757498400000/o1");
        assertThat(record.billable()).isTrue();
        assertThat(record.amount()).isEqualTo(new BigDecimal("0.001500"));
        assertThat(record.noRate()).isFalse();
        assertThat(record.unpriced()).isFalse();
    }

    @Test
    void shouldDropVoidedByWhenTheRecordIsVoided() throws Exception {
        PricedRecord record = readAll(file(line(voided(message("o1"), "i1")) + "\n"), true).get(0);

        assertThat(record.fields().has("voided_by")).isFalse();
        assertThat(record.fields().size()).isEqualTo(message("o1").size());
    }

    @Test
    void shouldSkipBlankLinesAndAByteOrderMarkButCountTheirLines() throws Exception {
        Path file = file("\uFEFF" + line(message("o1")) + "\n\n   \n" + line(message("o2")) + "\n");

        try (PricedRecords reader = PricedRecords.open(file, false)) {
            assertThat(reader.next().chargeId()).endsWith("/o1");
            assertThat(reader.lineNumber()).isEqualTo(1);
            assertThat(reader.next().chargeId()).endsWith("/o2");
            assertThat(reader.lineNumber()).isEqualTo(4);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldReadTheLastLineWhenItHasNoLineFeed() throws Exception {
        assertThat(readAll(file(line(message("o1")) + "\n" + line(message("o2"))), false)).hasSize(2);
    }

    @Test
    void shouldReadWholeLinesWhenTheyAreLongerThanTheReadBuffer() throws Exception {
        String longMarket = "M".repeat(200_000);
        Path file = file(line(message("o1")) + "\n" + line(with(message("o2"), "market", longMarket)) + "\n" + line(message("o3")) + "\n");

        List<PricedRecord> records = readAll(file, false);

        assertThat(records).extracting(record -> record.key().market()).containsExactly("India", longMarket, "India");
    }

    @Test
    void shouldNameFileAndLineWhenALineIsNotJson() throws IOException {
        assertThat(failure("{\"charge_id\": ")).startsWith(dir.resolve("priced.jsonl") + " line 2: not JSON: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"text\"", "42", "null"})
    void shouldRefuseALineWhenItIsNotAnObject(String text) throws IOException {
        assertThat(failure(text)).isEqualTo(dir.resolve("priced.jsonl") + " line 2: not a JSON object");
    }

    @Test
    void shouldRefuseALineWhenItHoldsTwoValues() throws IOException {
        assertThat(failure(line(message("o2")) + " {}")).startsWith(dir.resolve("priced.jsonl") + " line 2: not JSON: ");
    }

    @Test
    void shouldRefuseALineWhenAFieldIsRepeated() throws IOException {
        assertThat(failure(line(message("o2")).replace("\"tier\":", "\"tier\":\"1:\",\"tier\":")))
                .startsWith(dir.resolve("priced.jsonl") + " line 2: not JSON: Duplicate field 'tier'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"charge_id", "waba_id", "billing_month", "currency", "market", "pricing_category", "pricing_type"})
    void shouldNameTheFieldWhenAKeyFieldIsMissingOrNull(String field) throws IOException {
        assertThat(failure(line(without(message("o2"), field)))).isEqualTo(dir.resolve("priced.jsonl") + " line 2: lacks " + field);
        assertThat(failure(line(with(message("o2"), field, null)))).isEqualTo(dir.resolve("priced.jsonl") + " line 2: lacks " + field);
    }

    @Test
    void shouldRefuseAKeyFieldWhenItIsNotANonEmptyString() throws IOException {
        assertThat(failure(line(with(message("o2"), "market", 7))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: market is not a non-empty string, was 7");
        assertThat(failure(line(with(message("o2"), "waba_id", ""))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: waba_id is not a non-empty string, was \"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "\"1e3\"", "\"-0.5\"", "\"0.0000001\"", "\".5\"", "\"1.\"", "0.5", "true"})
    void shouldRefuseTheAmountWhenItIsNotADecimalString(String amount) throws IOException {
        String text = line(message("o2")).replace("\"amount\":\"0.001500\"", "\"amount\":" + amount);

        assertThat(failure(text)).isEqualTo(dir.resolve("priced.jsonl")
                + " line 2: amount is not a decimal string with at most 6 decimals, such as \"0.015000\"; was " + amount);
    }

    @Test
    void shouldRefuseARecordWhenItLacksAmount() throws IOException {
        assertThat(failure(line(without(message("o2"), "amount"))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: lacks amount (null when the record has none)");
    }

    @Test
    void shouldRefuseARecordWhenBillableIsNotABoolean() throws IOException {
        assertThat(failure(line(with(message("o2"), "billable", "true"))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: billable is not true or false");
        assertThat(failure(line(without(message("o2"), "billable"))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: billable is not true or false");
    }

    @Test
    void shouldRefuseARecordWhenUnpricedReasonIsNotAString() throws IOException {
        assertThat(failure(line(with(message("o2"), "unpriced_reason", 1))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: unpriced_reason is not a string or null, was 1");
    }

    @Test
    void shouldRefuseAVoidedRecordWhenAnEmittedFileHoldsIt() throws IOException {
        assertThat(failure(line(voided(message("o2"), "i1"))))
                .isEqualTo(dir.resolve("priced.jsonl") + " line 2: has voided_by: a voided record, not an emitted one");
    }

    @Test
    void shouldRefuseAnEmittedRecordWhenAVoidedFileHoldsIt() throws IOException {
        Path file = file(line(message("o1")) + "\n");

        assertThatThrownBy(() -> readAll(file, true)).isInstanceOf(StatementException.class)
                .hasMessage(file + " line 1: a voided record needs voided_by as a non-empty string");
    }

    @Test
    void shouldNameTheLineWhenItIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        Files.write(file, (line(message("o1")) + "\n" + line(with(message("o2"), "market", "M\u00e9xico")) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(StatementException.class).hasMessage(file + " line 2: not UTF-8");
    }

    @Test
    void shouldSayNoSuchFileWhenTheFileIsMissing() {
        Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> PricedRecords.open(missing, false)).isInstanceOf(StatementException.class)
                .hasMessage("cannot read " + missing + ": no such file");
    }

    @Test
    void shouldSayIsADirectoryWhenTheFileIsADirectory() {
        assertThatThrownBy(() -> PricedRecords.open(dir, false)).isInstanceOf(StatementException.class)
                .hasMessage("cannot read " + dir + ": is a directory");
    }
}
