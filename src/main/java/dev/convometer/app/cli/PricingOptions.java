package dev.convometer.app.cli;

import dev.convometer.app.service.PricingTables;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.domain.pricing.AccountDefaults;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.PricingRules;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The pricing inputs of {@code replay} and {@code local} (PRICING 7.10), a picocli mixin: business accounts, the rate
 * card and country-market table, the defaults of a business without an account, and the counters' settings.
 */
final class PricingOptions {
    @Option(names = "--accounts", paramLabel = "FILE", description = "Business accounts, JSON Lines (PRICING 7.2), read before any"
            + " event; repeat for more (a later line for a business replaces it). Invalid lines are dead letters.")
    List<Path> accounts = new ArrayList<>();

    @Option(names = "--rate-card", paramLabel = "FILE", description = "Rate card CSV (PRICING 7.5); without it every regular item"
            + " is priced no_rate.")
    Path rateCard;

    @Option(names = "--country-markets", paramLabel = "FILE", description = "Country-market table CSV (PRICING 7.4); needed to price.")
    Path countryMarkets;

    @Option(names = "--default-time-zone", paramLabel = "ZONE", description = "Time zone of a business without an account"
            + " (IANA name; default: UTC).")
    String defaultTimeZone;

    @Option(names = "--default-currency", paramLabel = "CODE", description = "Currency of a business without an account"
            + " (ISO 4217; default: USD).")
    String defaultCurrency;

    @Option(names = "--cbp-free-tier", paramLabel = "N", defaultValue = "1000", description = "Free service conversations per"
            + " WABA and month under CBP_2023 (PRICING 7.11; 0: none; default: ${DEFAULT-VALUE}).")
    String cbpFreeTier;

    @Option(names = "--pmp-service-free-tier", paramLabel = "N", defaultValue = "1000", description = "Free service messages per"
            + " business number and month under PMP_2026 (PRICING 7.11; 0: none; default: ${DEFAULT-VALUE}).")
    String pmpFreeTier;

    @Option(names = "--tier-scope", paramLabel = "SCOPE", defaultValue = "portfolio", description = "Whose monthly volume the"
            + " volume tiers count: portfolio or waba (PRICING 7.11; default: ${DEFAULT-VALUE}).")
    String tierScope;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Whether any pricing input was given. */
    boolean given() {
        return !accounts.isEmpty() || rateCard != null || countryMarkets != null || defaultTimeZone != null
                || defaultCurrency != null;
    }

    /**
     * The pricing rules: a bad zone, currency or tier is a usage error; a missing or bad table an
     * {@link IllegalArgumentException} with one line naming the file (and line), for the command to report.
     */
    PricingRules rules() {
        AccountDefaults defaults;
        CounterSettings tiers;
        try {
            defaults = AccountDefaults.parse(defaultTimeZone, defaultCurrency);
            tiers = PricingTables.counting(cbpFreeTier, pmpFreeTier, tierScope, PricingTables.Names.OPTIONS);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(command, e.getMessage());
        }
        if (countryMarkets == null) {
            throw Cli.usage(command, "pricing needs the country-market table: --country-markets FILE");
        }
        return PricingTables.load(rateCard, countryMarkets, defaults, tiers, PricingTables.Names.OPTIONS);
    }

    /**
     * {@code config} with pricing enabled and these options as its {@code pricing.*} settings (local: the service reads
     * its tables itself). Call {@link #rules()} first: it checks them with the options' names.
     */
    ServiceConfig settings(ServiceConfig config) {
        ServiceConfig priced = config.with("pricing.enabled", "true")
                .with("pricing.country-markets.path", countryMarkets.toString())
                .with("pricing.cbp.free-tier", cbpFreeTier)
                .with("pricing.pmp.service-free-tier", pmpFreeTier)
                .with("pricing.tier-scope", tierScope);
        priced = rateCard == null ? priced : priced.with("pricing.rate-card.path", rateCard.toString());
        priced = defaultTimeZone == null ? priced : priced.with("pricing.default-time-zone", defaultTimeZone);
        return defaultCurrency == null ? priced : priced.with("pricing.default-currency", defaultCurrency);
    }

    /** The accounts of every file, later ones replacing earlier ones; invalid lines go to {@code deadLetters}. */
    AccountFile.Read accounts(Writer deadLetters) throws IOException {
        return AccountFile.readAll(accounts, deadLetters);
    }
}
