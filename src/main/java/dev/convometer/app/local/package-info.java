/**
 * The local stack that {@code local} runs: a single-node KRaft broker in a child JVM ({@code LocalKafka} supervises
 * it; {@code BrokerConfig} writes its configuration, {@code FreePorts} picks its ports, {@code BrokerProcess} starts,
 * watches and stops the child through {@code ChildJvm}, whose main is {@code BrokerMain}, {@code BrokerLog} reads its
 * log back, {@code LocalTopics} creates topics), and {@code CommittedOutputs}, which reads the committed outputs until
 * the service has caught up. The only package that uses Kafka's broker ({@code kafka.Kafka}).
 *
 * <p>May use {@code app.service}, {@code topology} and {@code domain}; never the command line or replay.
 */
package dev.convometer.app.local;
