package dev.convometer.app.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.domain.pricing.InvalidAccount;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Business-account files (PRICING 7.2): the JSON checks, the later line winning, and the dead letters of bad lines. */
class AccountFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldLetTheLaterLineWinAndDeadLetterBadLinesWithTheirNumbersWhenReadingAFile() throws IOException {
        Path file = dir.resolve("accounts.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"business_id\":\"B1\",\"versions\":[{\"waba_id\":\"W1\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}",
                "",
                "{\"business_id\":\"B1\",\"versions\":[{\"waba_id\":\"W2\",\"time_zone\":\"Asia/Kolkata\",\"currency\":\"$US\","
                        + "\"valid_from\":\"2025-07-01T00:00:00+05:30\"},{\"waba_id\":\"W1\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}",
                "{\"business_id\":\"B1\",\"versions\":[{\"waba_id\":\"W3\",\"time_zone\":\"+05:30\",\"currency\":\"USD\"}]}") + "\n",
                StandardCharsets.UTF_8);
        StringWriter dead = new StringWriter();

        AccountFile.Read read = AccountFile.read(file, dead);

        AccountHistory history = read.histories().get("B1");
        assertThat(history.versionAt(Instant.parse("2025-06-30T18:29:59.999Z").toEpochMilli()).wabaId()).isEqualTo("W1");
        assertThat(history.versionAt(Instant.parse("2025-06-30T18:30:00Z").toEpochMilli()).wabaId()).isEqualTo("W2");
        assertThat(history.versionAt(0).currency()).isEqualTo("USD");
        assertThat(read.deadLetters()).isEqualTo(1);
        JsonNode deadLetter = JSON.readTree(dead.toString());
        assertThat(deadLetter.get("line").asInt()).isEqualTo(4);
        assertThat(deadLetter.get("file").asText()).isEqualTo(file.toString());
        assertThat(deadLetter.get("reason").asText()).startsWith("invalid_account: ").contains("+05:30");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1]|not an object",
            "not json|not JSON",
            "{\"business_id\":7,\"versions\":[]}|business_id is not a string",
            "{\"business_id\":\"B\"}|versions is missing",
            "{\"business_id\":\"B\",\"versions\":{}}|versions is not an array",
            "{\"business_id\":\"B\",\"versions\":[]}|versions is empty",
            "{\"business_id\":\"B\",\"versions\":[3]}|versions[0] is not an object",
            "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":1,\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}|versions[0].waba_id is not a string",
            "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":\"W\",\"time_zone\":\"UTC\",\"currency\":\"usd\"}]}|currency 'usd'",
            "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":\"W\",\"portfolio_id\":\"\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}|portfolio_id is empty",
            "{\"business_id\":\"B\",\"versions\":[{\"valid_from\":\"yesterday\",\"waba_id\":\"W\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}|'yesterday' is not an instant",
            "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":\"W\",\"time_zone\":\"UTC\",\"currency\":\"USD\"},"
                    + "{\"valid_from\":null,\"waba_id\":\"X\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}|share an absent valid_from"})
    void shouldRefuseTheLineWithWhatIsWrongWhenTheRecordIsInvalid(String line, String problem) {
        assertThatThrownBy(() -> AccountHistory.of(AccountFile.draft(line))).isInstanceOf(InvalidAccount.class)
                .hasMessageContaining(problem);
    }

    @Test
    void shouldReadFilesInOrderWhenSeveralAreGiven() throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        Files.writeString(first, "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":\"W1\",\"time_zone\":\"UTC\",\"currency\":\"USD\"}]}\n");
        Files.writeString(second, "{\"business_id\":\"B\",\"versions\":[{\"waba_id\":\"W2\",\"time_zone\":\"UTC\",\"currency\":\"EUR\"}]}\n");

        List<String> wabas = new ArrayList<>();
        for (List<Path> files : List.of(List.of(first, second), List.of(second, first))) {
            wabas.add(AccountFile.readAll(files, null).histories().get("B").versionAt(0).wabaId());
        }

        assertThat(wabas).containsExactly("W2", "W1");
    }

    @Test
    void shouldFailWithTheFileNameWhenTheFileIsMissing() {
        Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> AccountFile.read(missing, null)).isInstanceOf(IOException.class).hasMessageContaining("missing.jsonl");
    }
}
