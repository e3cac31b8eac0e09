package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** 7.10: slice A takes the free-tier settings with the one value it supports, 0. */
class FreeTiersTest {

    @Test
    void shouldAcceptZeroWhenParsed() {
        assertThat(FreeTiers.parse("--cbp-free-tier", "0")).isZero();
        assertThat(FreeTiers.parse("pricing.pmp.service-free-tier", " 0 ")).isZero();
        assertThat(new FreeTiers(0, 0)).isEqualTo(FreeTiers.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000", "1", "00001"})
    void shouldRefuseWithOneLineWhenTheValueNeedsCounters(String value) {
        assertThatThrownBy(() -> FreeTiers.parse("--cbp-free-tier", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--cbp-free-tier " + Integer.parseInt(value) + " is not supported yet")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "", "1.0", "99999999999"})
    void shouldRefuseWithOneLineWhenTheValueIsNotACount(String value) {
        assertThatThrownBy(() -> FreeTiers.parse("--pmp-service-free-tier", value))
                .hasMessage("--pmp-service-free-tier '" + value + "' is not an integer >= 0");
    }

    @ParameterizedTest
    @NullSource
    void shouldRefuseWhenTheValueIsMissing(String value) {
        assertThatThrownBy(() -> FreeTiers.parse("--cbp-free-tier", value))
                .hasMessage("--cbp-free-tier 'null' is not an integer >= 0");
    }

    @Test
    void shouldRefuseNonZeroTiersWhenBuiltDirectly() {
        assertThatThrownBy(() -> new FreeTiers(1000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FreeTiers(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
