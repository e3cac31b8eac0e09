package dev.convometer.app.statement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Net priced records and their totals per {@link StatementKey} (PRICING.md 7.9, 7.12): emitted minus voided as
 * multisets of whole records, so a voided record cancels one emitted record equal to it on every field but
 * {@code voided_by}, whatever the order of the files, and never "the latest per charge_id". Conversations and
 * messages are each netted by a call of {@link #net}, then totalled together; given {@link MonthlyCounters}, each net
 * record is also counted there.
 *
 * <p>Only the voided records are held while netting (a few, next to the emitted ones): the emitted files are read one
 * record at a time, each either cancelled by a pending void or added to its row.
 */
public final class Statement {
    private final SortedMap<StatementKey, ChargeTotals> rows = new TreeMap<>();
    private final MonthlyCounters counters;
    private final List<UnmatchedVoid> unmatched = new ArrayList<>();
    private long emitted;
    private long voided;

    /** A statement of totals only. */
    public Statement() {
        this(null);
    }

    /** A statement that also counts each net record in {@code counters} (none when null). */
    public Statement(MonthlyCounters counters) {
        this.counters = counters;
    }

    /**
     * Adds the records of {@code emittedFiles} less those of {@code voidedFiles}: files of one kind of record. With
     * counters, a net record lacking a field they read stops it, naming the file and line.
     */
    public void net(List<Path> emittedFiles, List<Path> voidedFiles) throws StatementException {
        Map<ObjectNode, Deque<UnmatchedVoid>> pending = new HashMap<>();
        for (Path file : voidedFiles) {
            try (PricedRecords records = PricedRecords.open(file, true)) {
                for (PricedRecord record = records.next(); record != null; record = records.next()) {
                    voided++;
                    pending.computeIfAbsent(record.fields(), fields -> new ArrayDeque<>())
                            .add(new UnmatchedVoid(file, records.lineNumber(), record.chargeId()));
                }
            }
        }
        for (Path file : emittedFiles) {
            try (PricedRecords records = PricedRecords.open(file, false)) {
                for (PricedRecord record = records.next(); record != null; record = records.next()) {
                    emitted++;
                    Deque<UnmatchedVoid> voids = pending.get(record.fields());
                    if (voids == null) {
                        rows.computeIfAbsent(record.key(), key -> new ChargeTotals()).add(record);
                        count(record, file, records.lineNumber());
                    } else {
                        voids.remove();
                        if (voids.isEmpty()) {
                            pending.remove(record.fields());
                        }
                    }
                }
            }
        }
        List<UnmatchedVoid> left = new ArrayList<>();
        pending.values().forEach(left::addAll);
        // in the order of the voided files, line by line
        left.sort((a, b) -> a.file().equals(b.file()) ? Long.compare(a.line(), b.line())
                : Integer.compare(voidedFiles.indexOf(a.file()), voidedFiles.indexOf(b.file())));
        unmatched.addAll(left);
    }

    private void count(PricedRecord record, Path file, long line) throws StatementException {
        if (counters == null) {
            return;
        }
        try {
            counters.add(record);
        } catch (IllegalArgumentException e) {
            throw new StatementException(file + " line " + line + ": " + e.getMessage());
        }
    }

    /** The monthly counters of the net records, or null when this statement has none. */
    public MonthlyCounters counters() {
        return counters;
    }

    /** The rows, sorted by key. */
    public SortedMap<StatementKey, ChargeTotals> rows() {
        return Collections.unmodifiableSortedMap(rows);
    }

    /** The voided records that cancelled nothing: each makes the totals wrong. */
    public List<UnmatchedVoid> unmatched() {
        return Collections.unmodifiableList(unmatched);
    }

    /** Records read from emitted files. */
    public long emitted() {
        return emitted;
    }

    /** Records read from voided files. */
    public long voided() {
        return voided;
    }

    /** Records in the totals: emitted ones that no void cancelled. */
    public long net() {
        return rows.values().stream().mapToLong(ChargeTotals::count).sum();
    }
}
