package dev.convometer.app.service;

import dev.convometer.domain.pricing.AccountDefaults;
import dev.convometer.domain.pricing.CountryMarkets;
import dev.convometer.domain.pricing.CounterSettings;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.RateCard;
import dev.convometer.domain.pricing.TierScope;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The pricing rules of replay's options and the service's {@code pricing.*} settings (PRICING 7.4, 7.5, 7.10): the
 * country-market table (required), the rate card (none: every regular item is {@code no_rate}), the defaults of a
 * business without an account, and the counters' settings. Everything is checked at start: a bad file, line, zone, currency
 * or tier is an {@link IllegalArgumentException} with one line naming it, and nothing runs.
 */
public final class PricingTables {
    private PricingTables() {
    }

    /**
     * The rules of the settings, every value checked.
     *
     * @param rateCard       the rate card CSV, or null for none
     * @param countryMarkets the country-market CSV
     * @param timeZone       the default time zone, or null for UTC
     * @param currency       the default currency, or null for USD
     * @param cbpFreeTier    the CBP service free tier as given
     * @param pmpFreeTier    the PMP service free tier as given
     * @param tierScope      the volume tiers' scope as given, {@code portfolio} or {@code waba}
     */
    public static PricingRules load(Path rateCard, Path countryMarkets, String timeZone, String currency, String cbpFreeTier,
                                    String pmpFreeTier, String tierScope, Names names) {
        return load(rateCard, countryMarkets, AccountDefaults.parse(timeZone, currency),
                counting(cbpFreeTier, pmpFreeTier, tierScope, names), names);
    }

    /** The counters' settings as given, checked. */
    public static CounterSettings counting(String cbpFreeTier, String pmpFreeTier, String tierScope, Names names) {
        return new CounterSettings(CounterSettings.parseFreeTier(names.cbpFreeTier(), cbpFreeTier),
                CounterSettings.parseFreeTier(names.pmpFreeTier(), pmpFreeTier), TierScope.parse(names.tierScope(), tierScope));
    }

    /** The rules of the two tables (read and checked here) and values already checked. */
    public static PricingRules load(Path rateCard, Path countryMarkets, AccountDefaults defaults, CounterSettings tiers,
                                    Names names) {
        if (countryMarkets == null) {
            throw new IllegalArgumentException("pricing needs the country-market table: set " + names.countryMarkets());
        }
        CountryMarkets markets = read(countryMarkets, "country-market table", CountryMarkets::read);
        RateCard card = rateCard == null ? RateCard.EMPTY : read(rateCard, "rate card", RateCard::read);
        return new PricingRules(card, markets, defaults, tiers);
    }

    /** How the caller names each input in its messages: replay's options or the service's keys. */
    public record Names(String countryMarkets, String cbpFreeTier, String pmpFreeTier, String tierScope) {
        public static final Names OPTIONS = new Names("--country-markets", "--cbp-free-tier", "--pmp-service-free-tier",
                "--tier-scope");
        public static final Names SETTINGS = new Names("pricing.country-markets.path", "pricing.cbp.free-tier",
                "pricing.pmp.service-free-tier", "pricing.tier-scope");
    }

    private interface TableReader<T> {
        T read(Reader reader, String fileName);
    }

    private static <T> T read(Path file, String what, TableReader<T> table) {
        // a byte that is not UTF-8 is an error naming the file, not a replacement character in a market name
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return table.read(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " " + file + " is not UTF-8");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getCause() instanceof CharacterCodingException ? what + " " + file + " is not UTF-8"
                    : "cannot read " + what + " " + file + ": " + e.getCause().getMessage());
        }
    }
}
