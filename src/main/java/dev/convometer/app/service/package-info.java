/**
 * The streaming service that {@code run} starts: its configuration ({@code ServiceConfig}, with {@code SettingKeys},
 * {@code SettingKind} and {@code KafkaProperties}; {@code RegistrySettings}; {@code PricingTables}, the pricing tables of the settings and of replay's options),
 * its lifecycle ({@code BillingService}, {@code RestoreLog}), health and metrics ({@code HttpEndpoint}).
 *
 * <p>May use {@code topology}, {@code topology.serde} and {@code domain}; never the command line, the local broker,
 * traffic files or replay.
 */
package dev.convometer.app.service;
