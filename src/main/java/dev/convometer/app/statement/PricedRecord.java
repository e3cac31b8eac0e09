package dev.convometer.app.statement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One priced conversation or priced message (PRICING.md 7.8): what a statement totals, and {@code fields}, the whole
 * record less {@code voided_by}, which netting compares (records are equal only when every field is).
 *
 * @param amount null when the record has none (unpriced, or no rate)
 */
public record PricedRecord(ObjectNode fields, String chargeId, StatementKey key, boolean billable, BigDecimal amount,
        boolean noRate) {

    static final String VOIDED_BY = "voided_by";
    // the rate card's format (PRICING.md 7.5): a sum of such amounts is exact with 6 decimals
    private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]{1,6})?");

    /** Whether the record is of pricing type {@code unpriced} (the legacy era). */
    public boolean unpriced() {
        return key.pricingType().equals("unpriced");
    }

    /**
     * The record {@code node} holds; {@code voided} when it comes from a voided file, where every record has
     * {@code voided_by} and none elsewhere. Takes {@code voided_by} out of {@code node}.
     *
     * @throws IllegalArgumentException with the reason, when {@code node} is not a priced record
     */
    static PricedRecord of(ObjectNode node, boolean voided) {
        JsonNode voidedBy = node.remove(VOIDED_BY);
        if (voided && (voidedBy == null || !voidedBy.isTextual() || voidedBy.asText().isEmpty())) {
            throw new IllegalArgumentException("a voided record needs voided_by as a non-empty string");
        }
        if (!voided && voidedBy != null) {
            throw new IllegalArgumentException("has voided_by: a voided record, not an emitted one");
        }
        String chargeId = text(node, "charge_id");
        String[] key = StatementKey.FIELDS.stream().map(field -> text(node, field)).toArray(String[]::new);
        JsonNode billable = node.get("billable");
        if (billable == null || !billable.isBoolean()) {
            throw new IllegalArgumentException("billable is not true or false");
        }
        return new PricedRecord(node, chargeId, new StatementKey(key[0], key[1], key[2], key[3], key[4], key[5]),
                billable.booleanValue(), amount(node), noRate(node));
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("lacks " + field);
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException(field + " is not a non-empty string, was " + value);
        }
        return value.asText();
    }

    private static BigDecimal amount(ObjectNode node) {
        JsonNode amount = node.get("amount");
        if (amount == null) {
            throw new IllegalArgumentException("lacks amount (null when the record has none)");
        }
        if (amount.isNull()) {
            return null;
        }
        if (!amount.isTextual() || !AMOUNT.matcher(amount.asText()).matches()) {
            throw new IllegalArgumentException(
                    "amount is not a decimal string with at most 6 decimals, such as \"0.015000\"; was " + amount);
        }
        return new BigDecimal(amount.asText());
    }

    private static boolean noRate(ObjectNode node) {
        JsonNode reason = node.get("unpriced_reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw new IllegalArgumentException("unpriced_reason is not a string or null, was " + reason);
        }
        return reason != null && reason.asText().equals("no_rate");
    }
}
