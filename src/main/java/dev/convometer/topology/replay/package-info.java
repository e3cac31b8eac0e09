/**
 * Replay's driver: the billing processor of the live topology run without Kafka Streams. {@code ReplayTask} is the
 * processor's whole context (its stores, stream-time punctuation as Kafka Streams fires it, the four sinks);
 * {@code ReplayState} says where the state that grows with the events lives; {@code ReplayStore} is what its three
 * stores share: {@code MemoryStore} (point reads, or sorted for range scans), {@code PairGroupedStore} (the pair
 * history grouped by pair in the heap) and {@code DiskStore} (the same in RocksDB, for traffic that does not fit).
 *
 * <p>May use {@code topology} and {@code domain}; nothing in {@code topology} uses it.
 */
package dev.convometer.topology.replay;
