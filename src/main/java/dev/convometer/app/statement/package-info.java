/**
 * Statements of priced records (PRICING.md 7.8, 7.9, 7.12): {@code PricedRecords} reads a priced JSON Lines file, each
 * line a {@code PricedRecord}; {@code Statement} nets voided records against emitted ones as multisets of whole records
 * and totals what remains per {@code StatementKey} in {@code ChargeTotals}, reporting each void that cancels nothing as
 * an {@code UnmatchedVoid}; {@code StatementCsv} writes the totals. {@code MonthlyCounters} rebuilds the monthly counters
 * of PRICING.md 7.11 (free tier used and left, volume reached per band) from the net records, each a {@code CounterRow},
 * and {@code CountersCsv} writes them. A bad file or line is a {@code StatementException}.
 * Amounts are {@link java.math.BigDecimal}, never binary floating point.
 *
 * <p>Uses nothing else of the project but the domain's {@code TierScope} (no topology or Kafka): it reads files the
 * pricing writes. Only the command line uses it.
 */
package dev.convometer.app.statement;
