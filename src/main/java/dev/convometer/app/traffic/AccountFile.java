package dev.convometer.app.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.convometer.domain.ContractViolation;
import dev.convometer.domain.pricing.AccountDraft;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.domain.pricing.InvalidAccount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A business-account file (PRICING 7.2, 7.10): JSON Lines, one record a line, {@code {"business_id": B, "versions":
 * [...]}}. A later line for a business replaces its whole history; files have no tombstones. A line that is not a
 * valid record is a dead letter with reason {@code invalid_account} (its file, line number and text, as a traffic dead
 * letter) and changes nothing. Blank lines are skipped.
 */
public final class AccountFile {
    private static final ObjectReader TREE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(JsonNode.class);

    /** The histories by business_id, in the order first read, and the lines that were dead letters. */
    public record Read(Map<String, AccountHistory> histories, long deadLetters) {
    }

    private AccountFile() {
    }

    /** The files in the order given: a later record for a business replaces an earlier one. */
    public static Read readAll(List<Path> files, Writer deadLetters) throws IOException {
        Map<String, AccountHistory> histories = new LinkedHashMap<>();
        long dead = 0;
        for (Path file : files) {
            Read read = read(file, deadLetters);
            histories.putAll(read.histories());
            dead += read.deadLetters();
        }
        return new Read(histories, dead);
    }

    /**
     * @param deadLetters where invalid lines go; null: counted only
     * @throws IOException for a file that cannot be read (or is not UTF-8)
     */
    public static Read read(Path file, Writer deadLetters) throws IOException {
        Map<String, AccountHistory> histories = new LinkedHashMap<>();
        long dead = 0;
        long number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    AccountHistory history = AccountHistory.of(draft(line));
                    histories.put(history.businessId(), history);
                } catch (InvalidAccount e) {
                    dead++;
                    if (deadLetters != null) {
                        deadLetters.write(TrafficFiles.deadLetter(file, number, line, InvalidAccount.REASON + ": " + e.getMessage()));
                        deadLetters.write('\n');
                    }
                }
            }
        }
        return new Read(histories, dead);
    }

    /** The record of one line as read, with the checks only JSON can fail (the rest are {@link AccountHistory#of}'s). */
    static AccountDraft draft(String line) {
        JsonNode node;
        try {
            node = TREE.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidAccount("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw InvalidAccount.notAnObject();
        }
        String businessId = text(node, "business_id", InvalidAccount.notAString("business_id"));
        JsonNode versions = node.get("versions");
        if (versions == null || versions.isNull()) {
            return new AccountDraft(businessId, null);
        }
        if (!versions.isArray()) {
            throw InvalidAccount.versionsNotAnArray();
        }
        List<AccountDraft.Version> drafts = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            drafts.add(version(i, versions.get(i)));
        }
        return new AccountDraft(businessId, drafts);
    }

    /** One version as read; null when it is not an object (the domain check names it). */
    private static AccountDraft.Version version(int i, JsonNode v) {
        if (!v.isObject()) {
            return null;
        }
        Long validFrom = null;
        JsonNode from = v.get("valid_from");
        if (from != null && !from.isNull()) {
            try {
                validFrom = TrafficLine.instant(from).toEpochMilli();
            } catch (ContractViolation e) {
                throw InvalidAccount.badInstant(i, from.isTextual() ? from.textValue() : from.toString());
            }
        }
        return new AccountDraft.Version(validFrom,
                text(v, "waba_id", InvalidAccount.versionFieldNotAString(i, "waba_id")),
                text(v, "portfolio_id", InvalidAccount.versionFieldNotAString(i, "portfolio_id")),
                text(v, "time_zone", InvalidAccount.versionFieldNotAString(i, "time_zone")),
                text(v, "currency", InvalidAccount.versionFieldNotAString(i, "currency")));
    }

    /** Null when absent or JSON null; {@code notAString} for a value of another JSON type. */
    private static String text(JsonNode node, String field, InvalidAccount notAString) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw notAString;
        }
        return value.textValue();
    }
}
