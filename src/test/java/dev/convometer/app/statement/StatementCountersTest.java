package dev.convometer.app.statement;

import dev.convometer.domain.pricing.TierScope;
import static dev.convometer.app.statement.PricedLines.conversation;
import static dev.convometer.app.statement.PricedLines.message;
import static dev.convometer.app.statement.PricedLines.voided;
import static dev.convometer.app.statement.PricedLines.with;
import static dev.convometer.app.statement.PricedLines.without;
import static dev.convometer.app.statement.PricedLines.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The monthly counters of a statement (PRICING.md 7.11), rebuilt from the net records: free tier used and left, volume per band. */
class StatementCountersTest {
    private static final String HEADER = "counter,scope,scope_id,billing_month,market,pricing_category,count,"
            + "free_limit,free_used,free_left,tier,tier_count";

    @TempDir
    Path dir;

    /** A CBP_2023 service conversation within the free tier (P-FREE-TIER). */
    private static Map<String, Object> cbpFree(String openedBy) {
        return with(with(with(with(conversation(openedBy), "pricing_type", "free_tier"), "pricing_rule", "P-FREE-TIER"),
                "amount", "0.000000"), "rate_card_version", null);
    }

    /** A charged PMP_2026 free-form message of business {@code businessId} (2026-10), past the free tier (P-PMP-REGULAR). */
    private static Map<String, Object> pmpService(String eventId, String businessId) {
        Map<String, Object> record = message(eventId);
        record = with(with(with(record, "business_id", businessId), "timestamp", "2026-10-05T10:00:00.000Z"), "era", "PMP_2026");
        record = with(with(with(record, "message_type", "free_form"), "category", "service"), "pricing_category", "service");
        record = with(with(with(record, "billing_month", "2026-10"), "amount", "0.004000"), "tier", null);
        return with(record, "charge_id", "M/" + businessId + "/919810000001/1791194400000/" + eventId);
    }

    /** A PMP_2026 free-form message of business {@code businessId} within the free tier (P-PMP-FREE-TIER). */
    private static Map<String, Object> pmpFree(String eventId, String businessId) {
        return with(with(with(with(with(pmpService(eventId, businessId), "pricing_type", "free_customer_service"),
                "pricing_rule", "P-PMP-FREE-TIER"), "billable", false), "amount", "0.000000"), "rate_card_version", null);
    }

    /** A charged utility template (P-PMP-REGULAR, 2025-09, India) priced in band {@code tier}. */
    private static Map<String, Object> utility(String eventId, String tier) {
        return with(message(eventId), "tier", tier);
    }

    private static Map<String, Object> noRate(Map<String, Object> record) {
        return with(with(with(with(record, "amount", null), "rate_card_version", null), "tier", null), "unpriced_reason", "no_rate");
    }

    private Statement counted(MonthlyCounters counters, List<Map<String, Object>> conversations,
            List<Map<String, Object>> conversationsVoided, List<Map<String, Object>> messages,
            List<Map<String, Object>> messagesVoided) throws StatementException {
        Statement statement = new Statement(counters);
        statement.net(List.of(write(dir.resolve("c.jsonl"), conversations)), List.of(write(dir.resolve("cv.jsonl"), conversationsVoided)));
        statement.net(List.of(write(dir.resolve("m.jsonl"), messages)), List.of(write(dir.resolve("mv.jsonl"), messagesVoided)));
        return statement;
    }

    private static List<String> csv(Statement statement) {
        StringWriter out = new StringWriter();
        try {
            CountersCsv.write(statement.counters().rows(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().lines().toList();
    }

    // ---- free tiers ----

    @Test
    void shouldCountUsedAndLeftWhenCbpServiceConversationsPassTheFreeTier() throws StatementException {
        Map<String, Object> marketing = with(conversation("o4"), "pricing_category", "marketing");
        Map<String, Object> entryPoint = with(with(with(conversation("o5"), "pricing_category", "free_entry_point"),
                "pricing_type", "free_entry_point"), "pricing_rule", "P-CBP-FEP");
        Map<String, Object> cbp2024 = with(with(conversation("o6"), "era", "CBP_2024"), "billing_month", "2024-11");

        Statement statement = counted(new MonthlyCounters(2, 1000, TierScope.PORTFOLIO),
                List.of(cbpFree("o1"), cbpFree("o2"), conversation("o3"), marketing, entryPoint, cbp2024), List.of(), List.of(), List.of());

        assertThat(csv(statement)).containsExactly(HEADER, "cbp_service,waba,WA,2023-07,,service,3,2,2,0,,");
    }

    @Test
    void shouldLowerUsedWhenAVoidRemovesAFreeTierItem() throws StatementException {
        Map<String, Object> second = cbpFree("o2");

        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO),
                List.of(cbpFree("o1"), second, cbpFree("o3")), List.of(voided(second, "late1")), List.of(), List.of());

        assertThat(csv(statement)).containsExactly(HEADER, "cbp_service,waba,WA,2023-07,,service,2,1000,2,998,,");
    }

    @Test
    void shouldCountTheNetPriceWhenAnItemIsRepricedFromFreeToCharged() throws StatementException {
        // a late earlier conversation took the last free place: o2 voided as free, emitted again as charged
        Map<String, Object> late = cbpFree("o0");
        Map<String, Object> free = cbpFree("o2");

        Statement statement = counted(new MonthlyCounters(2, 1000, TierScope.PORTFOLIO),
                List.of(cbpFree("o1"), free, late, conversation("o2")), List.of(voided(free, "o0")), List.of(), List.of());

        assertThat(csv(statement)).containsExactly(HEADER, "cbp_service,waba,WA,2023-07,,service,3,2,2,0,,");
    }

    @Test
    void shouldKeepACounterPerWabaAndMonthWhenEitherDiffers() throws StatementException {
        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO),
                List.of(cbpFree("o1"), with(cbpFree("o2"), "waba_id", "WB"), with(cbpFree("o3"), "billing_month", "2023-08"),
                        with(conversation("o4"), "waba_id", "WB")), List.of(), List.of(), List.of());

        assertThat(csv(statement)).containsExactly(HEADER,
                "cbp_service,waba,WA,2023-07,,service,1,1000,1,999,,",
                "cbp_service,waba,WA,2023-08,,service,1,1000,1,999,,",
                "cbp_service,waba,WB,2023-07,,service,2,1000,1,999,,");
    }

    @Test
    void shouldLeaveNothingWhenMoreItemsWereFreeThanTheGivenFreeTier() throws StatementException {
        Statement statement = counted(new MonthlyCounters(1, 1000, TierScope.PORTFOLIO),
                List.of(cbpFree("o1"), cbpFree("o2")), List.of(), List.of(), List.of());

        assertThat(csv(statement)).containsExactly(HEADER, "cbp_service,waba,WA,2023-07,,service,2,1,2,0,,");
    }

    @Test
    void shouldCountPmpServicePerBusinessNumberWhenFreeFormMessagesPassTheFreeTier() throws StatementException {
        Map<String, Object> entryPoint = with(with(with(pmpService("e1", "15550101"), "pricing_type", "free_entry_point"),
                "pricing_rule", "P-PMP-FEP"), "pricing_category", "free_entry_point");
        Map<String, Object> pmp2025 = with(with(with(pmpService("e2", "15550101"), "era", "PMP_2025"),
                "pricing_type", "free_customer_service"), "pricing_rule", "P-PMP-CSW");
        Map<String, Object> serviceTemplate = with(pmpService("e3", "15550101"), "message_type", "template");
        Map<String, Object> lateFree = pmpFree("f0", "15550101");

        Statement statement = counted(new MonthlyCounters(1000, 2, TierScope.PORTFOLIO), List.of(), List.of(),
                List.of(pmpFree("f1", "15550101"), pmpFree("f2", "15550101"), lateFree, pmpService("r1", "15550101"),
                        pmpFree("f1", "15550102"), entryPoint, pmp2025, serviceTemplate),
                List.of(voided(lateFree, "f0-again")));

        assertThat(csv(statement)).containsExactly(HEADER,
                "pmp_service,business,15550101,2026-10,,service,3,2,2,0,,",
                "pmp_service,business,15550102,2026-10,,service,1,2,1,1,,");
    }

    @Test
    void shouldListFreeTierCountersBeforeVolumeTiersWhenBothHaveItems() throws StatementException {
        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO), List.of(cbpFree("o1")), List.of(),
                List.of(utility("u1", "1:100000"), pmpFree("f1", "15550101")), List.of());

        assertThat(csv(statement)).containsExactly(HEADER,
                "cbp_service,waba,WA,2023-07,,service,1,1000,1,999,,",
                "pmp_service,business,15550101,2026-10,,service,1,1000,1,999,,",
                "volume_tier,portfolio,PA,2025-09,India,utility,1,,,,1:100000,1");
    }

    // ---- volume tiers ----

    @Test
    void shouldCountTheVolumePerPortfolioAndTheItemsPerBandWhenTwoWabasShareAPortfolio() throws StatementException {
        Map<String, Object> voidedItem = utility("u9", "1:2");
        List<Map<String, Object>> messages = List.of(utility("u1", "1:2"), with(utility("u2", "1:2"), "waba_id", "WB"),
                utility("u3", "3:"), with(utility("u4", "100001:"), "waba_id", "WB"), noRate(utility("u5", "1:2")), voidedItem);

        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO), List.of(), List.of(), messages,
                List.of(voided(voidedItem, "late")));

        assertThat(csv(statement)).containsExactly(HEADER,
                "volume_tier,portfolio,PA,2025-09,India,utility,5,,,,1:2,2",
                "volume_tier,portfolio,PA,2025-09,India,utility,5,,,,3:,1",
                "volume_tier,portfolio,PA,2025-09,India,utility,5,,,,100001:,1",
                "volume_tier,portfolio,PA,2025-09,India,utility,5,,,,,1");
    }

    @Test
    void shouldKeepACounterPerWabaWhenTheTierScopeIsWaba() throws StatementException {
        List<Map<String, Object>> messages = List.of(utility("u1", "1:2"), with(utility("u2", "1:2"), "waba_id", "WB"),
                utility("u3", "3:"), with(utility("u4", "1:2"), "portfolio_id", "PB"));

        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.WABA), List.of(), List.of(), messages, List.of());

        assertThat(csv(statement)).containsExactly(HEADER,
                "volume_tier,waba,WA,2025-09,India,utility,3,,,,1:2,2",
                "volume_tier,waba,WA,2025-09,India,utility,3,,,,3:,1",
                "volume_tier,waba,WB,2025-09,India,utility,1,,,,1:2,1");
    }

    @Test
    void shouldKeepACounterPerMarketCategoryAndMonthWhenOnlyTieredRegularMessagesCount() throws StatementException {
        Map<String, Object> base = utility("u1", "1:");
        Map<String, Object> free = with(with(with(utility("u9", null), "pricing_type", "free_customer_service"),
                "pricing_rule", "P-PMP-CSW"), "amount", "0.000000");
        Map<String, Object> span = with(with(utility("u8", null), "pricing_type", "cbp_conversation"), "pricing_rule", "P-PMP-SPAN");
        List<Map<String, Object>> messages = List.of(base, with(base, "market", "Other"), with(base, "billing_month", "2025-10"),
                with(base, "pricing_category", "authentication"), with(base, "pricing_category", "authentication_international"),
                with(base, "pricing_category", "marketing"), pmpService("s1", "15550101"), free, span);

        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO), List.of(), List.of(), messages, List.of());

        assertThat(csv(statement)).containsExactly(HEADER,
                "pmp_service,business,15550101,2026-10,,service,1,1000,0,1000,,",
                "volume_tier,portfolio,PA,2025-09,India,authentication,1,,,,1:,1",
                "volume_tier,portfolio,PA,2025-09,India,authentication_international,1,,,,1:,1",
                "volume_tier,portfolio,PA,2025-09,India,utility,1,,,,1:,1",
                "volume_tier,portfolio,PA,2025-09,Other,utility,1,,,,1:,1",
                "volume_tier,portfolio,PA,2025-10,India,utility,1,,,,1:,1");
    }

    @Test
    void shouldQuoteAMarketWhenItHoldsAComma() throws StatementException {
        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO), List.of(), List.of(),
                List.of(with(utility("u1", "1:"), "market", "Korea, South")), List.of());

        assertThat(csv(statement)).containsExactly(HEADER, "volume_tier,portfolio,PA,2025-09,\"Korea, South\",utility,1,,,,1:,1");
    }

    @Test
    void shouldWriteTheHeaderOnlyWhenNoRecordIsCounted() throws StatementException {
        Statement statement = counted(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO), List.of(), List.of(),
                List.of(with(message("o1"), "pricing_category", "marketing")), List.of());

        assertThat(csv(statement)).containsExactly(HEADER);
        assertThat(statement.rows()).hasSize(1);
    }

    // ---- bad input ----

    @Test
    void shouldNameFileAndLineWhenACountedRecordLacksAFieldTheCountersRead() {
        Path messages = write(dir.resolve("m.jsonl"), List.of(message("o1"), with(message("o2"), "portfolio_id", null)));
        Statement statement = new Statement(new MonthlyCounters(1000, 1000, TierScope.PORTFOLIO));

        assertThatThrownBy(() -> statement.net(List.of(messages), List.of()))
                .isInstanceOf(StatementException.class)
                .hasMessage(messages + " line 2: lacks portfolio_id (the monthly counters read it)");
    }

    @Test
    void shouldReadTheRecordWhenCountersAreNotAskedFor() throws StatementException {
        Path messages = write(dir.resolve("m.jsonl"), List.of(without(message("o1"), "pricing_rule")));
        Statement statement = new Statement();

        statement.net(List.of(messages), List.of());

        assertThat(statement.net()).isEqualTo(1);
        assertThat(statement.counters()).isNull();
    }

    @Test
    void shouldNameTheFieldWhenTheTierIsNotAStringOrNull() {
        Path messages = write(dir.resolve("m.jsonl"), List.of(with(message("o1"), "tier", 3)));
        Statement statement = new Statement(new MonthlyCounters(1000, 1000, TierScope.WABA));

        assertThatThrownBy(() -> statement.net(List.of(messages), List.of()))
                .hasMessage(messages + " line 1: tier is not a string or null, was 3");
    }

    @Test
    void shouldTakeTheDefaultOrTheValueWhenAFreeTierIsAbsentOrAnInteger() {
        assertThat(MonthlyCounters.freeTier("--cbp-free-tier", null)).isEqualTo(1000);
        assertThat(MonthlyCounters.freeTier("--cbp-free-tier", "0")).isZero();
        assertThat(MonthlyCounters.freeTier("--cbp-free-tier", " 250 ")).isEqualTo(250);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "ten", "", "1e3", "9999999999"})
    void shouldRefuseAFreeTierWhenItIsNotAnIntegerOfAtLeastZero(String value) {
        assertThatThrownBy(() -> MonthlyCounters.freeTier("--pmp-service-free-tier", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--pmp-service-free-tier '" + value + "' is not an integer >= 0");
    }

    @Test
    void shouldReadTheTierScopeWhenItIsPortfolioOrWaba() {
        assertThat(TierScope.parse("--tier-scope", "portfolio")).isEqualTo(TierScope.PORTFOLIO);
        assertThat(TierScope.parse("--tier-scope", "waba")).isEqualTo(TierScope.WABA);
        assertThatThrownBy(() -> TierScope.parse("--tier-scope", "WABA"))
                .hasMessage("--tier-scope 'WABA' is not portfolio or waba");
        assertThatThrownBy(() -> TierScope.parse("--tier-scope", "business")).hasMessage("--tier-scope 'business' is not portfolio or waba");
    }
}
