package dev.convometer.domain.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/** One checked rate-card line (P-RATE); {@code band} null when untiered. {@code line} is kept for the group checks. */
record RateRow(RateKey key, LocalDate effectiveFrom, Band band, Rate rate, int line) {
    static final List<String> COLUMNS = List.of("rate_card_version", "effective_from", "currency", "market",
            "pricing_model", "category", "tier_from", "tier_to", "rate");
    // digits, then optionally '.' and 1 to 6 digits: more would need rounding, which money never gets here
    private static final Pattern RATE = Pattern.compile("[0-9]+(\\.[0-9]{1,6})?");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,18}");

    /** The rows a rate set is chosen among: (currency, market, pricing model, pricing category). */
    record RateKey(String currency, String market, PricingModel model, PricingCategory category) {
    }

    /** The row, or a {@link TableError} on its line saying which value is bad. */
    static RateRow parse(CsvTable.Row row) {
        String version = row.get("rate_card_version");
        if (version.isEmpty()) {
            throw row.error("rate_card_version is empty");
        }
        String from = row.get("effective_from");
        LocalDate effectiveFrom = TableDates.parse(from);
        if (effectiveFrom == null) {
            throw row.error("effective_from '" + from + "' is not a YYYY-MM-DD date");
        }
        String currency = AccountVersion.currencyOf(row.get("currency"));
        if (currency == null) {
            throw row.error("currency '" + row.get("currency") + "' is not three capital letters");
        }
        String market = row.get("market");
        if (market.isEmpty()) {
            throw row.error("market is empty");
        }
        PricingModel model = PricingModel.fromWire(row.get("pricing_model"));
        if (model == null) {
            throw row.error("pricing_model '" + row.get("pricing_model") + "' is not CBP or PMP");
        }
        PricingCategory category = PricingCategory.ofRateCard(row.get("category"));
        if (category == null) {
            throw row.error("category '" + row.get("category") + "' is not a rate card category");
        }
        Band band = band(row);
        if (band != null && model == PricingModel.CBP) {
            throw row.error("a CBP row has no bands, found " + band);
        }
        if (band != null && !category.tiered()) {
            throw row.error("category " + category.wireName() + " has no bands, found " + band);
        }
        String rate = row.get("rate");
        if (!RATE.matcher(rate).matches()) {
            throw row.error("rate '" + rate + "' is not digits with at most 6 decimals");
        }
        BigDecimal amount = new BigDecimal(rate).setScale(Charge.AMOUNT_SCALE); // exact: at most 6 decimals
        return new RateRow(new RateKey(currency, market, model, category), effectiveFrom, band,
                new Rate(amount, version, band), row.line());
    }

    private static Band band(CsvTable.Row row) {
        String from = row.get("tier_from");
        String to = row.get("tier_to");
        if (from.isEmpty() && to.isEmpty()) {
            return null;
        }
        if (from.isEmpty()) {
            throw row.error("tier_to '" + to + "' without a tier_from");
        }
        if (!COUNT.matcher(from).matches() || Long.parseLong(from) < 1) {
            throw row.error("tier_from '" + from + "' is not an integer >= 1");
        }
        if (to.isEmpty()) {
            return new Band(Long.parseLong(from), null);
        }
        if (!COUNT.matcher(to).matches() || Long.parseLong(to) < Long.parseLong(from)) {
            throw row.error("tier_to '" + to + "' is not an integer >= tier_from " + from);
        }
        return new Band(Long.parseLong(from), Long.parseLong(to));
    }
}
