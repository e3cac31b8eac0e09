/**
 * Replay: billing a traffic file without Kafka ({@code Replay}), in O-ORDER ({@code OOrderSort}, spilling runs
 * encoded by {@code EventCodec}) and sharded over threads ({@code ShardedBilling}).
 *
 * <p>May use {@code app.traffic}, {@code topology} and {@code domain}; never the command line, the service or the
 * local broker.
 */
package dev.convometer.app.replay;
