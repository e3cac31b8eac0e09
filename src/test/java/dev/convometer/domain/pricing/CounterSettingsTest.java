package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CounterSettingsTest {

    @Test
    void shouldReadFreeTiersWhenWholeNumbers() {
        assertThat(CounterSettings.parseFreeTier("--cbp-free-tier", "0")).isZero();
        assertThat(CounterSettings.parseFreeTier("pricing.pmp.service-free-tier", " 1000 ")).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "", "ten", "1e3"})
    void shouldRefuseFreeTierNamingTheSettingWhenNotAWholeNumber(String value) {
        assertThatThrownBy(() -> CounterSettings.parseFreeTier("--cbp-free-tier", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--cbp-free-tier '" + value + "'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldReadTierScopeWhenPortfolioOrWaba() {
        assertThat(TierScope.parse("--tier-scope", "waba")).isEqualTo(TierScope.WABA);
        assertThat(TierScope.parse("pricing.tier-scope", " portfolio ")).isEqualTo(TierScope.PORTFOLIO);
        assertThatThrownBy(() -> TierScope.parse("--tier-scope", "business"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--tier-scope 'business' is not portfolio or waba");
    }

    @Test
    void shouldRefuseNegativeFreeTierWhenBuilt() {
        assertThatThrownBy(() -> new CounterSettings(-1, 0, TierScope.PORTFOLIO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CounterSettings.DEFAULT).isEqualTo(new CounterSettings(1000, 1000, TierScope.PORTFOLIO));
    }
}
