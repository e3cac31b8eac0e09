/**
 * Traffic files and billing output files: reading and ordering input lines ({@code TrafficFiles},
 * {@code TrafficLine}), the generator ({@code TrafficGenerator} with {@code GenerationRun}, {@code GeneratedLine},
 * {@code DelayedLines}, {@code UtcTimestamps}, and {@code GeneratedAccounts} for its business accounts), publishing
 * to Kafka ({@code TrafficPublisher}), and what the commands write ({@code BillingJson}, {@code OutputFiles},
 * {@code BillingSummary}), business-account files ({@code AccountFile}); {@code FileTrees} deletes the temporary directories of replay and the local broker.
 *
 * <p>May use {@code topology} and {@code domain}; never the command line, the service, the local broker or replay.
 */
package dev.convometer.app.traffic;
