package dev.convometer.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** P-MARKET and the country-market table's load checks. */
class CountryMarketsTest {

    private static CountryMarkets read(String text) {
        return CountryMarkets.read(new StringReader(text), "country-markets.csv");
    }

    private static final CountryMarkets TABLE = read("""
            # sample: ZW moves on 2025-10-01
            effective_from,country,market
            ,IN,India
            ,US,North America
            ,BD,Rest of Asia Pacific
            2026-10-01,BD,Bangladesh
            2025-10-01,ZW,Rest of Africa
            """);

    @Test
    void shouldFindTheMarketOfACountryWhenItHasAnUndatedRow() {
        assertThat(TABLE.marketOf("IN", LocalDate.of(2020, 1, 1))).isEqualTo("India");
        assertThat(TABLE.marketOf("US", LocalDate.of(2030, 1, 1))).isEqualTo("North America");
    }

    @Test
    void shouldMoveACountryOnItsEffectiveDayWhenItHasADatedRow() {
        assertThat(TABLE.marketOf("BD", LocalDate.of(2026, 9, 30))).isEqualTo("Rest of Asia Pacific");
        assertThat(TABLE.marketOf("BD", LocalDate.of(2026, 10, 1))).isEqualTo("Bangladesh");
    }

    @Test
    void shouldGiveOtherWhenNoRowAppliesYetOrTheCountryIsUnknownOrNull() {
        assertThat(TABLE.marketOf("ZW", LocalDate.of(2025, 9, 30))).isEqualTo("Other");
        assertThat(TABLE.marketOf("ZW", LocalDate.of(2025, 10, 1))).isEqualTo("Rest of Africa");
        assertThat(TABLE.marketOf("FR", LocalDate.of(2025, 10, 1))).isEqualTo("Other");
        assertThat(TABLE.marketOf(null, LocalDate.of(2025, 10, 1))).isEqualTo(CountryMarkets.OTHER);
    }

    @Test
    void shouldReadColumnsInAnyOrderWithQuotesExtrasAndCommentsWhenTheFileIsUnusual() {
        CountryMarkets table = read("\uFEFF\r\n# a comment, with \"quotes\"\r\n"
                + " market , note ,country,effective_from\r\n"
                + "\r\n"
                + "\"Rest of Central & Eastern Europe\",\"says \"\"hi\"\", twice\", UA ,\r\n"
                + "  \"Ukraine\" ,x,UA, 2026-10-01 \r\n"
                + "# trailing comment\r\n");

        assertThat(table.marketOf("UA", LocalDate.of(2026, 9, 30))).isEqualTo("Rest of Central & Eastern Europe");
        assertThat(table.marketOf("UA", LocalDate.of(2026, 10, 1))).isEqualTo("Ukraine");
    }

    private static final String HEADER = "effective_from,country,market\n";

    static Stream<Arguments> badTables() {
        return Stream.of(
                Arguments.of(HEADER + ",in,India\n", "line 2: country 'in' is not two capital letters"),
                Arguments.of(HEADER + ",IND,India\n", "line 2: country 'IND' is not two capital letters"),
                Arguments.of(HEADER + ",,India\n", "line 2: country '' is not two capital letters"),
                Arguments.of(HEADER + ",IN,\n", "line 2: market is empty"),
                Arguments.of(HEADER + "2025-7-01,IN,India\n", "line 2: effective_from '2025-7-01' is not a YYYY-MM-DD date"),
                Arguments.of(HEADER + "2025-02-30,IN,India\n", "line 2: effective_from '2025-02-30' is not a YYYY-MM-DD date"),
                Arguments.of(HEADER + "20250701,IN,India\n", "line 2: effective_from '20250701' is not a YYYY-MM-DD date"),
                Arguments.of(HEADER + ",IN,India\n\n,IN,Other\n",
                        "line 4: country IN already has a row with an empty effective_from"),
                Arguments.of(HEADER + "2026-10-01,BD,A\n2026-10-01,BD,B\n", "line 3: country BD already has a row from 2026-10-01"),
                Arguments.of("effective_from,country\n,IN\n", "line 1: the header has no column market"),
                Arguments.of(HEADER + ",IN\n", "line 2: 2 values where the header has 3 columns"),
                Arguments.of(HEADER + ",IN,India,extra\n", "line 2: 4 values where the header has 3 columns"),
                Arguments.of("# only a comment\n\n", "line 1: no header row"),
                Arguments.of("", "line 1: no header row"),
                Arguments.of(HEADER + ",IN,\"India\n,US,North America\n", "line 2: a quoted value is never closed"),
                Arguments.of(HEADER + ",IN,\"India\"x\n", "line 2: text after a closing quote"),
                Arguments.of(HEADER + ",IN,In\"dia\n", "line 2: a quote inside an unquoted value"),
                Arguments.of("effective_from,country,market,country\n,IN,India,IN\n", "line 1: column country appears twice"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badTables")
    void shouldRefuseWithOneLineNamingFileAndLineWhenARowIsBad(String text, String problem) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(TableError.class)
                .hasMessage("country-markets.csv " + problem);
    }

    @Test
    void shouldCountLinesInsideQuotedValuesWhenNamingALaterLine() {
        String text = "effective_from,country,market\n,IN,\"India\nand more\"\n,us,North America\n";

        assertThatThrownBy(() -> read(text)).hasMessage("country-markets.csv line 4: country 'us' is not two capital letters");
    }
}
