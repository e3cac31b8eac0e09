/**
 * Pricing (PRICING section 7, slice A), as pure as the rules it prices: {@code PricingRules} turns a conversation or
 * a billed message, and its business's {@code AccountHistory}, into a {@code PricedConversation} or
 * {@code PricedMessage} with its {@code Charge}, in the {@code Era} of its local date, at the rate of the
 * {@code RateCard} for the market {@code CountryMarkets} gives the country {@code PhoneCountry} reads from the
 * customer's number. Tables are read from CSV ({@code CsvTable}; a bad line is a {@code TableError}); accounts are
 * checked from an {@code AccountDraft} ({@code InvalidAccount} otherwise).
 *
 * <p>May use {@code domain} and libphonenumber; no Kafka, Avro, Jackson or file system.
 */
package dev.convometer.domain.pricing;
