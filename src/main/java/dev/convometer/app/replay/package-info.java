/**
 * Replay: billing traffic files without Kafka ({@code Replay}), in O-ORDER ({@code OOrderSort}: {@code SortKey},
 * sorted runs in memory, in temporary files or the files themselves, {@code SortedRun}) and sharded over threads
 * ({@code ShardedBilling}: a {@code BillingShard} per thread, events handed out in a {@code Batch}).
 *
 * <p>May use {@code app.traffic}, {@code topology}, {@code topology.replay} and {@code domain}; never the command line, the service or the
 * local broker.
 */
package dev.convometer.app.replay;
