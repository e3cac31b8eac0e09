package dev.convometer.domain.pricing;

import dev.convometer.domain.pricing.RateRow.RateKey;
import java.io.Reader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rate card (P-RATE): for each (currency, market, pricing model, pricing category) the rate sets by local
 * effective date, each one untiered row or a run of bands from 1 to an open last band.
 */
public final class RateCard {
    /** No rate card: every regular item is {@code no_rate}. */
    public static final RateCard EMPTY = new RateCard(Map.of());

    private final Map<RateKey, NavigableMap<LocalDate, List<RateRow>>> sets;

    private RateCard(Map<RateKey, NavigableMap<LocalDate, List<RateRow>>> sets) {
        this.sets = sets;
    }

    /**
     * Reads and checks the card; the first bad line (by line number) throws {@link TableError} naming {@code fileName}.
     */
    public static RateCard read(Reader reader, String fileName) {
        Map<RateKey, NavigableMap<LocalDate, List<RateRow>>> sets = new HashMap<>();
        Map<List<Object>, List<RateRow>> groups = new LinkedHashMap<>();
        for (CsvTable.Row row : CsvTable.read(reader, fileName, RateRow.COLUMNS).rows()) {
            RateRow rate = RateRow.parse(row);
            groups.computeIfAbsent(List.of(rate.key(), rate.effectiveFrom()), g -> new ArrayList<>()).add(rate);
        }
        TableError first = null;
        for (List<RateRow> group : groups.values()) {
            TableError error = check(group, fileName);
            if (error != null && (first == null || error.line() < first.line())) {
                first = error;
            }
            RateRow head = group.get(0);
            List<RateRow> bands = group.stream().sorted(Comparator.comparingLong(RateCard::tierFrom)).toList();
            sets.computeIfAbsent(head.key(), k -> new TreeMap<>()).put(head.effectiveFrom(), bands);
        }
        if (first != null) {
            throw first;
        }
        return new RateCard(sets);
    }

    /** The group's first problem, or null: one untiered row, or bands 1..k contiguous with an open last band. */
    private static TableError check(List<RateRow> group, String fileName) {
        RateRow head = group.get(0);
        for (RateRow row : group.subList(1, group.size())) {
            if ((row.band() == null) != (head.band() == null)) {
                return new TableError(fileName, row.line(), "tiered and untiered rows mixed in one rate set (with line "
                        + head.line() + ")");
            }
            if (row.band() == null) {
                return new TableError(fileName, row.line(), "an untiered row repeats the rate set of line " + head.line());
            }
        }
        if (head.band() == null) {
            return null;
        }
        List<RateRow> bands = group.stream().sorted(Comparator.comparingLong(RateCard::tierFrom)).toList();
        if (bands.get(0).band().from() != 1) {
            return new TableError(fileName, bands.get(0).line(), "the bands start at tier_from "
                    + bands.get(0).band().from() + ", not 1");
        }
        for (int i = 1; i < bands.size(); i++) {
            Band before = bands.get(i - 1).band();
            Band band = bands.get(i).band();
            if (before.open()) {
                return new TableError(fileName, bands.get(i).line(), "band " + band + " follows the open band " + before);
            }
            if (band.from() != before.to() + 1) {
                return new TableError(fileName, bands.get(i).line(), "tier_from " + band.from() + " does not follow band "
                        + before);
            }
        }
        RateRow last = bands.get(bands.size() - 1);
        if (!last.band().open()) {
            return new TableError(fileName, last.line(), "the last band " + last.band() + " does not end open");
        }
        return null;
    }

    private static long tierFrom(RateRow row) {
        return row.band() == null ? 0 : row.band().from();
    }

    /**
     * The last rank of every closed band of any rate set of {@code model} and {@code category}, ascending: where a
     * volume-tier counter's price can change (P-TIER). Empty when the card has no bands for them.
     */
    public long[] bandEnds(PricingModel model, PricingCategory category) {
        return sets.entrySet().stream()
                .filter(set -> set.getKey().model() == model && set.getKey().category() == category)
                .flatMap(set -> set.getValue().values().stream())
                .flatMap(List::stream)
                .filter(row -> row.band() != null && !row.band().open())
                .mapToLong(row -> row.band().to())
                .distinct().sorted().toArray();
    }

    /**
     * P-RATE: the rate set of (currency, market, model, category) with the greatest effective_from on or before
     * {@code localDate}; untiered, its row; tiered, the band containing {@code rank} (the item's rank in its volume-tier
     * counter, 1 until slice B counts). Empty when no set applies.
     */
    public Optional<Rate> rate(String currency, String market, PricingModel model, PricingCategory category,
                               LocalDate localDate, long rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("a rank counts from 1: " + rank);
        }
        NavigableMap<LocalDate, List<RateRow>> byDate = sets.get(new RateKey(currency, market, model, category));
        Map.Entry<LocalDate, List<RateRow>> set = byDate == null ? null : byDate.floorEntry(localDate);
        if (set == null) {
            return Optional.empty();
        }
        for (RateRow row : set.getValue()) {
            if (row.band() == null || row.band().contains(rank)) {
                return Optional.of(row.rate());
            }
        }
        return Optional.empty(); // unreachable for a checked card: its bands end open
    }
}
