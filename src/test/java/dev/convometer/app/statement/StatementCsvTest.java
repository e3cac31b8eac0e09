package dev.convometer.app.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A statement as CSV: header, one row per key, RFC 4180 quoting. */
class StatementCsvTest {

    @Test
    void shouldWriteTheHeaderOnlyWhenThereAreNoRows() throws IOException {
        StringWriter out = new StringWriter();

        assertThat(StatementCsv.write(new TreeMap<>(), out)).isZero();
        assertThat(out).hasToString("waba_id,billing_month,currency,market,pricing_category,pricing_type,"
                + "count,billable_count,amount,no_rate,unpriced\n");
    }

    @Test
    void shouldQuoteAValueWhenItHoldsACommaAQuoteOrALineBreak() {
        assertThat(StatementCsv.field("India")).isEqualTo("India");
        assertThat(StatementCsv.field("Korea, Republic of")).isEqualTo("\"Korea, Republic of\"");
        assertThat(StatementCsv.field("the \"Rest\"")).isEqualTo("\"the \"\"Rest\"\"\"");
        assertThat(StatementCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(StatementCsv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(StatementCsv.field("it's; fine")).isEqualTo("it's; fine");
    }
}
