package dev.convometer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC section 3, rule by rule: {@link BillingRules#apply} for one pair. */
class BillingRulesTest {

    private static final Pair PAIR = new Pair("15550001", "447700900001");

    // ------------------------------------------------------------------ helpers

    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    private static CustomerMessage inbound(String id, String iso) {
        return CustomerMessage.inbound(id, PAIR, at(iso), false);
    }

    private static CustomerMessage inboundWithReferral(String id, String iso) {
        return CustomerMessage.inbound(id, PAIR, at(iso), true);
    }

    private static CustomerMessage adClick(String id, String iso) {
        return CustomerMessage.adClick(id, PAIR, at(iso));
    }

    private static BusinessMessage template(String id, String iso, Category category) {
        return new BusinessMessage(id, PAIR, at(iso), MessageType.TEMPLATE, category, DeliveryStatus.DELIVERED);
    }

    private static BusinessMessage marketing(String id, String iso) {
        return template(id, iso, Category.MARKETING);
    }

    private static BusinessMessage freeForm(String id, String iso) {
        return new BusinessMessage(id, PAIR, at(iso), MessageType.FREE_FORM, null, DeliveryStatus.DELIVERED);
    }

    private static BusinessMessage failedTemplate(String id, String iso, Category category) {
        return new BusinessMessage(id, PAIR, at(iso), MessageType.TEMPLATE, category, DeliveryStatus.FAILED);
    }

    private static BusinessMessage failedFreeForm(String id, String iso) {
        return new BusinessMessage(id, PAIR, at(iso), MessageType.FREE_FORM, null, DeliveryStatus.FAILED);
    }

    /** The state after applying the events in order, starting from nothing. */
    private static PairState after(TrafficEvent... events) {
        PairState state = PairState.EMPTY;
        for (TrafficEvent event : events) {
            state = BillingRules.apply(state, event).state();
        }
        return state;
    }

    private static BillingRules.Step apply(PairState state, TrafficEvent event) {
        return BillingRules.apply(state, event);
    }

    private static void assertNoConversationOpen(PairState state, long t) {
        for (Category category : Category.values()) {
            assertThat(state.isOpen(category, t)).as("%s open at %s", category, Instant.ofEpochMilli(t)).isFalse();
        }
    }

    private static void assertOpened(Conversation conversation, Category category, String openedAt, String expiresAt,
                                     boolean billable, String openedBy, Rule rule) {
        assertThat(conversation).isNotNull();
        assertThat(conversation.pair()).isEqualTo(PAIR);
        assertThat(conversation.category()).isEqualTo(category);
        assertThat(conversation.openedAt()).isEqualTo(at(openedAt));
        assertThat(conversation.expiresAt()).isEqualTo(at(expiresAt));
        assertThat(conversation.billable()).isEqualTo(billable);
        assertThat(conversation.openedBy()).isEqualTo(openedBy);
        assertThat(conversation.rule()).isEqualTo(rule);
    }

    // ------------------------------------------------------------------ W-CSW

    @Nested
    @DisplayName("W-CSW")
    class CustomerServiceWindow {

        @Test
        void shouldOpenWindowForTwentyFourHoursOnInboundMessage() {
            BillingRules.Step step = apply(PairState.EMPTY, inbound("in-1", "2024-05-01T10:00:00Z"));

            assertThat(step.state().cswUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(step.state().cswOpenAt(at("2024-05-02T09:59:59.999Z"))).isTrue();
            assertThat(step.state().cswOpenAt(at("2024-05-02T10:00:00Z"))).isFalse();
            assertThat(step.verdict().rule()).isEqualTo(Rule.W_CSW);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.verdict().rejected()).isFalse();
            assertNoConversationOpen(step.state(), at("2024-05-01T10:00:00Z"));
        }

        @Test
        void shouldOpenWindowForTwentyFourHoursOnAdClick() {
            BillingRules.Step step = apply(PairState.EMPTY, adClick("ad-1", "2024-05-01T10:00:00Z"));

            assertThat(step.state().cswUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(step.verdict().opened()).isNull();
        }

        @Test
        void shouldOpenWindowForTwentyFourHoursOnInboundWithReferral() {
            PairState state = after(inboundWithReferral("in-1", "2024-05-01T10:00:00Z"));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldRefreshWindowToLaterEndOnNewerInbound() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    inbound("in-2", "2024-05-01T15:30:00Z"));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T15:30:00Z"));
        }

        @Test
        void shouldKeepLaterWindowEndWhenEarlierInboundComesAfterIt() {
            PairState state = after(
                    inbound("in-2", "2024-05-01T15:30:00Z"),
                    inbound("in-1", "2024-05-01T10:00:00Z"));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T15:30:00Z"));
        }

        @Test
        void shouldKeepLaterWindowEndWhenAdClickIsEarlierThanInbound() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T15:30:00Z"),
                    adClick("ad-1", "2024-05-01T10:00:00Z"));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T15:30:00Z"));
        }

        @Test
        void shouldReopenWindowAfterItExpired() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    inbound("in-2", "2024-05-03T08:00:00Z"));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-04T08:00:00Z"));
            assertThat(apply(state, freeForm("out-1", "2024-05-03T09:00:00Z")).verdict().rule())
                    .isEqualTo(Rule.S_FREE_FORM);
        }

        @Test
        void shouldNotRefreshWindowOnFreeFormOrTemplate() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T12:00:00Z"),
                    marketing("out-2", "2024-05-01T13:00:00Z"),
                    template("out-3", "2024-05-02T09:00:00Z", Category.UTILITY));

            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(apply(state, freeForm("out-4", "2024-05-02T10:00:00Z")).verdict().rule())
                    .isEqualTo(Rule.S_REJECT);
        }

        @Test
        void shouldNotOpenWindowOnTemplate() {
            PairState state = after(marketing("out-1", "2024-05-01T10:00:00Z"));

            assertThat(state.cswUntil()).isEqualTo(PairState.NONE);
            assertThat(apply(state, freeForm("out-2", "2024-05-01T10:01:00Z")).verdict().rule())
                    .isEqualTo(Rule.S_REJECT);
        }

        @Test
        void shouldAcceptFreeFormSentAtSameTimestampAfterTheInbound() {
            PairState state = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(state, freeForm("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z",
                    true, "out-1", Rule.S_FREE_FORM);
        }

        @Test
        void shouldRejectFreeFormAppliedBeforeInboundWithSameTimestamp() {
            BillingRules.Step step = apply(PairState.EMPTY, freeForm("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(apply(step.state(), inbound("in-1", "2024-05-01T10:00:00Z")).state().cswUntil())
                    .isEqualTo(at("2024-05-02T10:00:00Z"));
        }
    }

    // ------------------------------------------------------------------ W-ENTRY

    @Nested
    @DisplayName("W-ENTRY")
    class EntryPoint {

        @Test
        void shouldArmEntryPointForTwentyFourHoursOnAdClick() {
            BillingRules.Step step = apply(PairState.EMPTY, adClick("ad-1", "2024-05-01T10:00:00Z"));

            assertThat(step.state().entryPending()).isTrue();
            assertThat(step.state().entryUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(step.verdict().rule()).isEqualTo(Rule.W_ENTRY);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.verdict().rejected()).isFalse();
            assertNoConversationOpen(step.state(), at("2024-05-01T10:00:00Z"));
        }

        @Test
        void shouldArmEntryPointOnInboundWithReferral() {
            BillingRules.Step step = apply(PairState.EMPTY, inboundWithReferral("in-1", "2024-05-01T10:00:00Z"));

            assertThat(step.state().entryPending()).isTrue();
            assertThat(step.state().entryUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(step.verdict().rule()).isEqualTo(Rule.W_ENTRY);
        }

        @Test
        void shouldNotArmEntryPointOnPlainInbound() {
            PairState state = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            assertThat(state.entryPending()).isFalse();
            assertThat(state.entryUntil()).isEqualTo(PairState.NONE);
            BillingRules.Step step = apply(state, marketing("out-1", "2024-05-01T11:00:00Z"));
            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().opened().category()).isEqualTo(Category.MARKETING);
        }

        @Test
        void shouldNotExtendPendingEntryPointOnPlainInbound() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    inbound("in-1", "2024-05-01T20:00:00Z"));

            assertThat(state.entryUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T20:00:00Z"));

            BillingRules.Step step = apply(state, freeForm("out-1", "2024-05-02T10:00:00Z"));
            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertThat(step.verdict().opened().category()).isEqualTo(Category.SERVICE);
        }

        @Test
        void shouldExtendEntryDeadlineOnNewerAdClick() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    adClick("ad-2", "2024-05-01T15:00:00Z"));

            assertThat(state.entryUntil()).isEqualTo(at("2024-05-02T15:00:00Z"));
        }

        @Test
        void shouldExtendEntryDeadlineOnNewerInboundWithReferral() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    inboundWithReferral("in-1", "2024-05-01T15:00:00Z"));

            assertThat(state.entryUntil()).isEqualTo(at("2024-05-02T15:00:00Z"));
        }

        @Test
        void shouldKeepLaterEntryDeadlineWhenEarlierEntryPointComesAfterIt() {
            PairState state = after(
                    adClick("ad-2", "2024-05-01T15:00:00Z"),
                    inboundWithReferral("in-1", "2024-05-01T10:00:00Z"));

            assertThat(state.entryUntil()).isEqualTo(at("2024-05-02T15:00:00Z"));
            assertThat(state.cswUntil()).isEqualTo(at("2024-05-02T15:00:00Z"));
        }

        @Test
        void shouldArmNewEntryPointAfterEarlierOneExpired() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    adClick("ad-2", "2024-05-03T10:00:00Z"));

            assertThat(state.entryUntil()).isEqualTo(at("2024-05-04T10:00:00Z"));
            assertThat(apply(state, marketing("out-1", "2024-05-04T09:00:00Z")).verdict().rule())
                    .isEqualTo(Rule.S_FEP_OPEN);
        }
    }

    // ------------------------------------------------------------------ S-FAILED

    @Nested
    @DisplayName("S-FAILED")
    class Failed {

        @Test
        void shouldChangeNothingWhenFailedTemplateFollowsAdClick() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, failedTemplate("out-1", "2024-05-01T11:00:00Z", Category.MARKETING));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.verdict().rejected()).isFalse();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().entryUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));

            BillingRules.Step next = apply(step.state(), marketing("out-2", "2024-05-01T12:00:00Z"));
            assertThat(next.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
            assertThat(next.verdict().opened().openedBy()).isEqualTo("out-2");
        }

        @Test
        void shouldNeverReportFailedFreeFormAsRejectedWhenNoWindowIsOpen() {
            BillingRules.Step step = apply(PairState.EMPTY, failedFreeForm("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.verdict().rejected()).isFalse();
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(PairState.EMPTY);
        }

        @Test
        void shouldNeverReportFailedFreeFormAsRejectedWhenWindowEndedExactlyAtSendTime() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, failedFreeForm("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.verdict().rejected()).isFalse();
            assertThat(step.state()).isEqualTo(before);
        }

        @Test
        void shouldNotOpenServiceConversationForFailedFreeFormInsideWindow() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, failedFreeForm("out-1", "2024-05-01T10:05:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.state()).isEqualTo(before);
            assertNoConversationOpen(step.state(), at("2024-05-01T10:05:00Z"));

            BillingRules.Step next = apply(step.state(), freeForm("out-2", "2024-05-01T11:00:00Z"));
            assertOpened(next.verdict().opened(), Category.SERVICE, "2024-05-01T11:00:00Z", "2024-05-02T11:00:00Z",
                    true, "out-2", Rule.S_FREE_FORM);
        }

        @Test
        void shouldNotOpenTemplateConversationForFailedTemplate() {
            BillingRules.Step step = apply(PairState.EMPTY,
                    failedTemplate("out-1", "2024-05-01T10:00:00Z", Category.UTILITY));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.state()).isEqualTo(PairState.EMPTY);

            BillingRules.Step next = apply(step.state(), template("out-2", "2024-05-01T10:30:00Z", Category.UTILITY));
            assertOpened(next.verdict().opened(), Category.UTILITY, "2024-05-01T10:30:00Z", "2024-05-02T10:30:00Z",
                    true, "out-2", Rule.S_TEMPLATE);
        }

        @Test
        void shouldNotConsumePendingEntryWhenFailedMessageIsSentInsideOpenFreeEntryPoint() {
            PairState before = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    marketing("out-1", "2024-05-01T11:00:00Z"),
                    adClick("ad-2", "2024-05-01T12:00:00Z"));

            BillingRules.Step step = apply(before, failedTemplate("out-2", "2024-05-01T13:00:00Z", Category.UTILITY));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FAILED);
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().entryUntil()).isEqualTo(at("2024-05-02T12:00:00Z"));
        }

        @ParameterizedTest
        @EnumSource(value = DeliveryStatus.class, names = {"SENT", "DELIVERED", "READ"})
        void shouldBillEveryStatusButFailed(DeliveryStatus status) {
            BillingRules.Step step = apply(PairState.EMPTY, new BusinessMessage("out-1", PAIR,
                    at("2024-05-01T10:00:00Z"), MessageType.TEMPLATE, Category.MARKETING, status));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z",
                    true, "out-1", Rule.S_TEMPLATE);
        }
    }

    // ------------------------------------------------------------------ S-REJECT

    @Nested
    @DisplayName("S-REJECT")
    class Reject {

        @Test
        void shouldRejectFreeFormWhenNoWindowWasEverOpened() {
            BillingRules.Step step = apply(PairState.EMPTY, freeForm("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(step.verdict().rejected()).isTrue();
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(PairState.EMPTY);
        }

        @Test
        void shouldRejectFreeFormWhenWindowEndedExactlyAtSendTime() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(step.verdict().rejected()).isTrue();
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(before);
        }

        @Test
        void shouldAcceptFreeFormOneMillisecondBeforeWindowEnds() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-02T09:59:59.999Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertThat(step.verdict().rejected()).isFalse();
            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-02T09:59:59.999Z",
                    "2024-05-03T09:59:59.999Z", true, "out-1", Rule.S_FREE_FORM);
        }

        @Test
        void shouldRejectFreeFormLongAfterWindowEnded() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            assertThat(apply(before, freeForm("out-1", "2024-05-05T10:00:00Z")).verdict().rejected()).isTrue();
        }

        @Test
        void shouldRejectFreeFormWithClosedWindowEvenWhileTemplateConversationIsOpen() {
            PairState before = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    marketing("out-1", "2024-05-02T09:00:00Z"));
            assertThat(before.isOpen(Category.MARKETING, at("2024-05-02T10:00:00Z"))).isTrue();

            BillingRules.Step step = apply(before, freeForm("out-2", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(step.state()).isEqualTo(before);
        }

        @Test
        void shouldNotConsumePendingEntryOrOpenAnythingWhenRejecting() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(step.state()).isEqualTo(before);
            assertNoConversationOpen(step.state(), at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldNotRejectTemplateSentWithoutWindow() {
            BillingRules.Step step = apply(PairState.EMPTY, marketing("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().rejected()).isFalse();
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z",
                    true, "out-1", Rule.S_TEMPLATE);
        }

        @Test
        void shouldNotRejectTemplateSentExactlyWhenWindowEnded() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, template("out-1", "2024-05-02T10:00:00Z", Category.UTILITY));

            assertThat(step.verdict().rejected()).isFalse();
            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().opened().category()).isEqualTo(Category.UTILITY);
        }

        @Test
        void shouldNameWindowClosedAsRejectionReason() {
            assertThat(dev.convometer.domain.Rejection.WINDOW_CLOSED).isEqualTo("customer_service_window_closed");
        }

        @ParameterizedTest
        @EnumSource(Rule.class)
        void shouldReportRejectionOnlyForSReject(Rule rule) {
            assertThat(new Verdict(rule, null).rejected()).isEqualTo(rule == Rule.S_REJECT);
        }
    }

    // ------------------------------------------------------------------ S-FEP-JOIN

    @Nested
    @DisplayName("S-FEP-JOIN")
    class FreeEntryPointJoin {

        /** Ad click at 10:00, a template at 11:00 opens the free entry point [05-01T11:00, 05-04T11:00). */
        private PairState withOpenFreeEntryPoint() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    marketing("out-0", "2024-05-01T11:00:00Z"));
            assertThat(state.isOpen(Category.FREE_ENTRY_POINT, at("2024-05-01T11:00:00Z"))).isTrue();
            return state;
        }

        @ParameterizedTest
        @EnumSource(value = Category.class, names = {"MARKETING", "UTILITY", "AUTHENTICATION"})
        void shouldJoinOpenFreeEntryPointWithTemplateBillingNothing(Category category) {
            PairState before = withOpenFreeEntryPoint();

            BillingRules.Step step = apply(before, template("out-1", "2024-05-01T12:00:00Z", category));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.verdict().rejected()).isFalse();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().isOpen(category, at("2024-05-01T12:00:00Z"))).isFalse();
        }

        @Test
        void shouldJoinOpenFreeEntryPointWithFreeFormBillingNothing() {
            PairState before = withOpenFreeEntryPoint();

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-01T12:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().isOpen(Category.SERVICE, at("2024-05-01T12:00:00Z"))).isFalse();
        }

        @Test
        void shouldConsumePendingEntryWhenJoiningOpenFreeEntryPoint() {
            PairState before = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    marketing("out-0", "2024-05-01T11:00:00Z"),
                    adClick("ad-2", "2024-05-02T08:00:00Z"));
            assertThat(before.entryUntil()).isEqualTo(at("2024-05-03T08:00:00Z"));

            BillingRules.Step step = apply(before, template("out-1", "2024-05-02T09:00:00Z", Category.UTILITY));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state().entryPending()).isFalse();
            assertThat(step.state().entryUntil()).isEqualTo(PairState.NONE);
            assertThat(step.state().openedAt(Category.FREE_ENTRY_POINT)).isEqualTo(at("2024-05-01T11:00:00Z"));
            assertThat(step.state().expiresAt(Category.FREE_ENTRY_POINT)).isEqualTo(at("2024-05-04T11:00:00Z"));
            assertThat(step.state().cswUntil()).isEqualTo(before.cswUntil());
        }

        @Test
        void shouldNotOpenSecondFreeEntryPointAfterFreeEntryPointEndsWhenEntryWasConsumedByJoin() {
            PairState state = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    marketing("out-0", "2024-05-01T11:00:00Z"),
                    adClick("ad-2", "2024-05-04T10:00:00Z"),
                    freeForm("out-1", "2024-05-04T10:30:00Z"));

            BillingRules.Step step = apply(state, marketing("out-2", "2024-05-04T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-04T11:00:00Z", "2024-05-05T11:00:00Z",
                    true, "out-2", Rule.S_TEMPLATE);
        }

        @Test
        void shouldRejectFreeFormInsideOpenFreeEntryPointWhenWindowEndedExactlyAtSendTime() {
            PairState before = withOpenFreeEntryPoint();
            assertThat(before.isOpen(Category.FREE_ENTRY_POINT, at("2024-05-02T10:00:00Z"))).isTrue();

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_REJECT);
            assertThat(step.verdict().rejected()).isTrue();
            assertThat(step.state()).isEqualTo(before);
        }

        @Test
        void shouldJoinFreeEntryPointWithFreeFormOneMillisecondBeforeWindowEnds() {
            BillingRules.Step step = apply(withOpenFreeEntryPoint(), freeForm("out-1", "2024-05-02T09:59:59.999Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
        }

        @Test
        void shouldJoinFreeEntryPointWithTemplateAfterWindowClosed() {
            BillingRules.Step step = apply(withOpenFreeEntryPoint(), marketing("out-1", "2024-05-03T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(step.verdict().opened()).isNull();
        }

        @Test
        void shouldJoinFreeEntryPointOneMillisecondBeforeItEnds() {
            BillingRules.Step step = apply(withOpenFreeEntryPoint(), marketing("out-1", "2024-05-04T10:59:59.999Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(step.verdict().opened()).isNull();
        }

        @Test
        void shouldNotJoinFreeEntryPointExactlySeventyTwoHoursAfterItOpened() {
            BillingRules.Step step = apply(withOpenFreeEntryPoint(), marketing("out-1", "2024-05-04T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-04T11:00:00Z", "2024-05-05T11:00:00Z",
                    true, "out-1", Rule.S_TEMPLATE);
        }
    }

    // ------------------------------------------------------------------ S-FEP-OPEN

    @Nested
    @DisplayName("S-FEP-OPEN")
    class FreeEntryPointOpen {

        @Test
        void shouldOpenFreeEntryPointForSeventyTwoHoursOnTemplateAfterAdClick() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-1", "2024-05-01T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
            assertThat(step.verdict().rejected()).isFalse();
            assertOpened(step.verdict().opened(), Category.FREE_ENTRY_POINT, "2024-05-01T11:00:00Z",
                    "2024-05-04T11:00:00Z", false, "out-1", Rule.S_FEP_OPEN);
            PairState state = step.state();
            assertThat(state.entryPending()).isFalse();
            assertThat(state.entryUntil()).isEqualTo(PairState.NONE);
            assertThat(state.openedAt(Category.FREE_ENTRY_POINT)).isEqualTo(at("2024-05-01T11:00:00Z"));
            assertThat(state.expiresAt(Category.FREE_ENTRY_POINT)).isEqualTo(at("2024-05-04T11:00:00Z"));
            assertThat(state.isOpen(Category.MARKETING, at("2024-05-01T11:00:00Z"))).isFalse();
            assertThat(state.cswUntil()).isEqualTo(before.cswUntil());
        }

        @Test
        void shouldOpenFreeEntryPointOnFreeFormAfterInboundWithReferral() {
            PairState before = after(inboundWithReferral("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-01T10:05:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
            assertOpened(step.verdict().opened(), Category.FREE_ENTRY_POINT, "2024-05-01T10:05:00Z",
                    "2024-05-04T10:05:00Z", false, "out-1", Rule.S_FEP_OPEN);
            assertThat(step.state().isOpen(Category.SERVICE, at("2024-05-01T10:05:00Z"))).isFalse();
            assertThat(step.state().entryPending()).isFalse();
        }

        @Test
        void shouldOpenFreeEntryPointOneMillisecondBeforeEntryDeadline() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, template("out-1", "2024-05-02T09:59:59.999Z", Category.UTILITY));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
            assertOpened(step.verdict().opened(), Category.FREE_ENTRY_POINT, "2024-05-02T09:59:59.999Z",
                    "2024-05-05T09:59:59.999Z", false, "out-1", Rule.S_FEP_OPEN);
        }

        @Test
        void shouldOpenFreeEntryPointOnTemplateAtSameInstantAsAdClick() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-1", "2024-05-01T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
        }

        @Test
        void shouldNotOpenFreeEntryPointWithTemplateExactlyAtEntryDeadlineAndDiscardExpiredEntry() {
            PairState before = after(adClick("ad-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z",
                    true, "out-1", Rule.S_TEMPLATE);
            assertThat(step.state().entryPending()).isFalse();
            assertThat(step.state().entryUntil()).isEqualTo(PairState.NONE);
            assertThat(step.state().isOpen(Category.FREE_ENTRY_POINT, at("2024-05-02T10:00:00Z"))).isFalse();
        }

        @Test
        void shouldNotOpenFreeEntryPointWithFreeFormExactlyAtEntryDeadlineAndDiscardExpiredEntry() {
            PairState before = after(
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    inbound("in-1", "2024-05-02T09:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z",
                    true, "out-1", Rule.S_FREE_FORM);
            assertThat(step.state().entryPending()).isFalse();
        }

        @Test
        void shouldDiscardExpiredEntryEvenWhenTemplateJoinsOpenConversation() {
            PairState before = after(
                    marketing("out-0", "2024-05-02T09:00:00Z"),
                    adClick("ad-1", "2024-05-01T10:00:00Z"));
            assertThat(before.entryPending()).isTrue();

            BillingRules.Step step = apply(before, marketing("out-1", "2024-05-02T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state().entryPending()).isFalse();
        }

        @Test
        void shouldCloseEveryOtherOpenConversationWhenFreeEntryPointOpens() {
            PairState before = after(
                    inbound("in-1", "2024-05-01T09:00:00Z"),
                    freeForm("out-s", "2024-05-01T09:05:00Z"),
                    marketing("out-m", "2024-05-01T09:10:00Z"),
                    template("out-u", "2024-05-01T09:20:00Z", Category.UTILITY),
                    template("out-a", "2024-05-01T09:30:00Z", Category.AUTHENTICATION),
                    adClick("ad-1", "2024-05-01T10:00:00Z"));
            for (Category category : EnumSet.of(Category.SERVICE, Category.MARKETING, Category.UTILITY,
                    Category.AUTHENTICATION)) {
                assertThat(before.isOpen(category, at("2024-05-01T11:00:00Z"))).as("%s before", category).isTrue();
            }

            BillingRules.Step step = apply(before, template("out-1", "2024-05-01T11:00:00Z", Category.UTILITY));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FEP_OPEN);
            for (Category category : EnumSet.of(Category.SERVICE, Category.MARKETING, Category.UTILITY,
                    Category.AUTHENTICATION)) {
                assertThat(step.state().isOpen(category, at("2024-05-01T11:00:00Z"))).as("%s after", category).isFalse();
                assertThat(step.state().isOpen(category, at("2024-05-01T12:00:00Z"))).as("%s later", category).isFalse();
            }
            assertThat(step.state().isOpen(Category.FREE_ENTRY_POINT, at("2024-05-01T11:00:00Z"))).isTrue();
        }

        @Test
        void shouldNotCountMarketingConversationClosedByFreeEntryPointAfterwards() {
            PairState state = after(
                    marketing("out-m", "2024-05-01T09:00:00Z"),
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    template("out-1", "2024-05-01T11:00:00Z", Category.UTILITY));
            assertThat(state.isOpen(Category.MARKETING, at("2024-05-01T12:00:00Z"))).isFalse();

            BillingRules.Step join = apply(state, marketing("out-2", "2024-05-01T12:00:00Z"));
            assertThat(join.verdict().rule()).isEqualTo(Rule.S_FEP_JOIN);
            assertThat(join.verdict().opened()).isNull();

            BillingRules.Step afterFep = apply(join.state(), marketing("out-3", "2024-05-04T11:00:00Z"));
            assertThat(afterFep.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(afterFep.verdict().opened(), Category.MARKETING, "2024-05-04T11:00:00Z",
                    "2024-05-05T11:00:00Z", true, "out-3", Rule.S_TEMPLATE);
        }

        @Test
        void shouldOpenServiceAfterFreeEntryPointEndsEvenThoughServiceWasOpenBeforeIt() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T09:00:00Z"),
                    freeForm("out-s", "2024-05-01T09:05:00Z"),
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T10:01:00Z"),
                    inbound("in-2", "2024-05-04T10:00:00Z"));

            BillingRules.Step step = apply(state, freeForm("out-2", "2024-05-04T10:01:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-04T10:01:00Z", "2024-05-05T10:01:00Z",
                    true, "out-2", Rule.S_FREE_FORM);
        }

        @Test
        void shouldNotOpenFreeEntryPointWithoutEntryPoint() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-1", "2024-05-01T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.state().isOpen(Category.FREE_ENTRY_POINT, at("2024-05-01T11:00:00Z"))).isFalse();
        }
    }

    // ------------------------------------------------------------------ S-TEMPLATE

    @Nested
    @DisplayName("S-TEMPLATE")
    class Template {

        @ParameterizedTest
        @EnumSource(value = Category.class, names = {"MARKETING", "UTILITY", "AUTHENTICATION"})
        void shouldOpenBillableConversationOfTemplateCategoryForTwentyFourHours(Category category) {
            BillingRules.Step step = apply(PairState.EMPTY, template("out-1", "2024-05-01T10:00:00Z", category));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), category, "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", true,
                    "out-1", Rule.S_TEMPLATE);
            assertThat(step.state().openedAt(category)).isEqualTo(at("2024-05-01T10:00:00Z"));
            assertThat(step.state().expiresAt(category)).isEqualTo(at("2024-05-02T10:00:00Z"));
            assertThat(step.state().isOpen(category, at("2024-05-02T09:59:59.999Z"))).isTrue();
            assertThat(step.state().isOpen(category, at("2024-05-02T10:00:00Z"))).isFalse();
        }

        @Test
        void shouldJoinOpenConversationOfSameCategoryWithoutExtendingIt() {
            PairState before = after(marketing("out-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-2", "2024-05-01T20:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().expiresAt(Category.MARKETING)).isEqualTo(at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldJoinSameCategoryOneMillisecondBeforeItEnds() {
            PairState before = after(marketing("out-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-2", "2024-05-02T09:59:59.999Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(step.verdict().opened()).isNull();
        }

        @Test
        void shouldOpenNewConversationExactlyTwentyFourHoursAfterPreviousOpened() {
            PairState before = after(
                    marketing("out-1", "2024-05-01T10:00:00Z"),
                    marketing("out-2", "2024-05-01T20:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-3", "2024-05-02T10:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z",
                    true, "out-3", Rule.S_TEMPLATE);
            assertThat(step.state().openedAt(Category.MARKETING)).isEqualTo(at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldOpenIndependentConversationsPerCategory() {
            BillingRules.Step marketing = apply(PairState.EMPTY, marketing("out-m", "2024-05-01T10:00:00Z"));
            BillingRules.Step utility = apply(marketing.state(),
                    template("out-u", "2024-05-01T11:00:00Z", Category.UTILITY));
            BillingRules.Step authentication = apply(utility.state(),
                    template("out-a", "2024-05-01T12:00:00Z", Category.AUTHENTICATION));
            BillingRules.Step marketingAgain = apply(authentication.state(), marketing("out-m2", "2024-05-01T13:00:00Z"));
            BillingRules.Step utilityAfterEnd = apply(marketingAgain.state(),
                    template("out-u2", "2024-05-02T11:00:00Z", Category.UTILITY));

            assertOpened(utility.verdict().opened(), Category.UTILITY, "2024-05-01T11:00:00Z", "2024-05-02T11:00:00Z",
                    true, "out-u", Rule.S_TEMPLATE);
            assertOpened(authentication.verdict().opened(), Category.AUTHENTICATION, "2024-05-01T12:00:00Z",
                    "2024-05-02T12:00:00Z", true, "out-a", Rule.S_TEMPLATE);
            assertThat(marketingAgain.verdict().rule()).isEqualTo(Rule.S_TEMPLATE);
            assertThat(marketingAgain.verdict().opened()).isNull();
            assertOpened(utilityAfterEnd.verdict().opened(), Category.UTILITY, "2024-05-02T11:00:00Z",
                    "2024-05-03T11:00:00Z", true, "out-u2", Rule.S_TEMPLATE);
            PairState state = utilityAfterEnd.state();
            assertThat(state.openedAt(Category.MARKETING)).isEqualTo(at("2024-05-01T10:00:00Z"));
            assertThat(state.openedAt(Category.AUTHENTICATION)).isEqualTo(at("2024-05-01T12:00:00Z"));
        }

        @Test
        void shouldOpenSecondCategoryAtSameInstant() {
            BillingRules.Step marketing = apply(PairState.EMPTY, marketing("out-1", "2024-05-01T10:00:00Z"));
            BillingRules.Step utility = apply(marketing.state(),
                    template("out-2", "2024-05-01T10:00:00Z", Category.UTILITY));

            assertOpened(utility.verdict().opened(), Category.UTILITY, "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z",
                    true, "out-2", Rule.S_TEMPLATE);
        }

        @Test
        void shouldNotJoinOpenServiceConversation() {
            PairState before = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T10:05:00Z"));

            BillingRules.Step step = apply(before, template("out-2", "2024-05-01T10:10:00Z", Category.UTILITY));

            assertOpened(step.verdict().opened(), Category.UTILITY, "2024-05-01T10:10:00Z", "2024-05-02T10:10:00Z",
                    true, "out-2", Rule.S_TEMPLATE);
            assertThat(step.state().isOpen(Category.SERVICE, at("2024-05-01T10:10:00Z"))).isTrue();
        }

        @Test
        void shouldOpenNewConversationWhenExpiredOneWasNeverCleanedUp() {
            PairState before = after(marketing("out-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, marketing("out-2", "2024-05-10T10:00:00Z"));

            assertOpened(step.verdict().opened(), Category.MARKETING, "2024-05-10T10:00:00Z", "2024-05-11T10:00:00Z",
                    true, "out-2", Rule.S_TEMPLATE);
        }
    }

    // ------------------------------------------------------------------ S-FREE-FORM

    @Nested
    @DisplayName("S-FREE-FORM")
    class FreeForm {

        @Test
        void shouldOpenBillableServiceConversationWhenNoneIsOpen() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-1", "2024-05-01T10:05:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-01T10:05:00Z", "2024-05-02T10:05:00Z",
                    true, "out-1", Rule.S_FREE_FORM);
            assertThat(step.state().isOpen(Category.SERVICE, at("2024-05-01T10:05:00Z"))).isTrue();
            assertThat(step.state().cswUntil()).isEqualTo(before.cswUntil());
        }

        @ParameterizedTest
        @EnumSource(value = Category.class, names = {"MARKETING", "UTILITY", "AUTHENTICATION"})
        void shouldJoinOpenTemplateConversationOfAnyCategory(Category category) {
            PairState before = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    template("out-1", "2024-05-01T10:30:00Z", category));

            BillingRules.Step step = apply(before, freeForm("out-2", "2024-05-01T11:00:00Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().isOpen(Category.SERVICE, at("2024-05-01T11:00:00Z"))).isFalse();
        }

        @Test
        void shouldJoinOpenServiceConversationWithoutExtendingIt() {
            PairState before = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T10:05:00Z"),
                    inbound("in-2", "2024-05-01T20:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-2", "2024-05-02T10:04:59.999Z"));

            assertThat(step.verdict().rule()).isEqualTo(Rule.S_FREE_FORM);
            assertThat(step.verdict().opened()).isNull();
            assertThat(step.state()).isEqualTo(before);
            assertThat(step.state().expiresAt(Category.SERVICE)).isEqualTo(at("2024-05-02T10:05:00Z"));
        }

        @Test
        void shouldOpenNewServiceConversationExactlyTwentyFourHoursAfterPreviousOpened() {
            PairState before = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T10:05:00Z"),
                    freeForm("out-2", "2024-05-01T18:00:00Z"),
                    inbound("in-2", "2024-05-02T09:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-3", "2024-05-02T10:05:00Z"));

            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-02T10:05:00Z", "2024-05-03T10:05:00Z",
                    true, "out-3", Rule.S_FREE_FORM);
        }

        @Test
        void shouldOpenServiceWhenTemplateConversationEndedExactlyAtSendTime() {
            PairState before = after(
                    marketing("out-1", "2024-05-01T10:00:00Z"),
                    inbound("in-1", "2024-05-02T09:00:00Z"));

            BillingRules.Step step = apply(before, freeForm("out-2", "2024-05-02T10:00:00Z"));

            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z",
                    true, "out-2", Rule.S_FREE_FORM);
        }

        @Test
        void shouldIgnoreCategoryOfFreeFormMessage() {
            PairState before = after(inbound("in-1", "2024-05-01T10:00:00Z"));
            BusinessMessage freeFormWithCategory = new BusinessMessage("out-1", PAIR, at("2024-05-01T10:05:00Z"),
                    MessageType.FREE_FORM, Category.MARKETING, null);

            BillingRules.Step step = apply(before, freeFormWithCategory);

            assertOpened(step.verdict().opened(), Category.SERVICE, "2024-05-01T10:05:00Z", "2024-05-02T10:05:00Z",
                    true, "out-1", Rule.S_FREE_FORM);
            assertThat(step.state().isOpen(Category.MARKETING, at("2024-05-01T10:05:00Z"))).isFalse();
        }

        @Test
        void shouldLetLaterTemplateOpenItsOwnCategoryWhileServiceIsOpen() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    freeForm("out-1", "2024-05-01T10:05:00Z"),
                    marketing("out-2", "2024-05-01T11:00:00Z"));

            assertThat(state.isOpen(Category.SERVICE, at("2024-05-01T11:00:00Z"))).isTrue();
            assertThat(state.isOpen(Category.MARKETING, at("2024-05-01T11:00:00Z"))).isTrue();
        }
    }

    // ------------------------------------------------------------------ the SPEC section 5 example

    @Test
    void shouldBillSpecExampleAsServiceThenUtility() {
        BillingRules.Step in1 = apply(PairState.EMPTY, inbound("in-1", "2024-05-01T10:00:00Z"));
        BillingRules.Step out1 = apply(in1.state(), freeForm("out-1", "2024-05-01T10:05:00Z"));
        BillingRules.Step out2 = apply(out1.state(), template("out-2", "2024-05-01T11:00:00Z", Category.UTILITY));

        assertOpened(out1.verdict().opened(), Category.SERVICE, "2024-05-01T10:05:00Z", "2024-05-02T10:05:00Z", true,
                "out-1", Rule.S_FREE_FORM);
        assertOpened(out2.verdict().opened(), Category.UTILITY, "2024-05-01T11:00:00Z", "2024-05-02T11:00:00Z", true,
                "out-2", Rule.S_TEMPLATE);
    }

    // ------------------------------------------------------------------ retainUntil

    @Nested
    @DisplayName("retainUntil")
    class RetainUntil {

        @Test
        void shouldRetainNothingForEmptyState() {
            assertThat(PairState.EMPTY.retainUntil()).isEqualTo(PairState.NONE);
        }

        @Test
        void shouldRetainUntilWindowEndsAfterInbound() {
            assertThat(after(inbound("in-1", "2024-05-01T10:00:00Z")).retainUntil())
                    .isEqualTo(at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldRetainUntilTemplateConversationEndsWhenNoWindow() {
            assertThat(after(marketing("out-1", "2024-05-01T10:00:00Z")).retainUntil())
                    .isEqualTo(at("2024-05-02T10:00:00Z"));
        }

        @Test
        void shouldRetainUntilLatestOfWindowEntryAndConversations() {
            PairState state = after(
                    inbound("in-1", "2024-05-01T10:00:00Z"),
                    marketing("out-1", "2024-05-01T12:00:00Z"));
            assertThat(state.retainUntil()).isEqualTo(at("2024-05-02T12:00:00Z"));

            state = BillingRules.apply(state, adClick("ad-1", "2024-05-01T13:00:00Z")).state();
            assertThat(state.retainUntil()).isEqualTo(at("2024-05-02T13:00:00Z"));

            state = BillingRules.apply(state, freeForm("out-2", "2024-05-01T14:00:00Z")).state();
            assertThat(state.retainUntil()).isEqualTo(at("2024-05-04T14:00:00Z"));
        }

        @Test
        void shouldRetainUntilPendingEntryDeadlineWhenItIsTheLatest() {
            PairState state = PairState.of(at("2024-05-02T10:00:00Z"), at("2024-05-02T11:00:00Z"));

            assertThat(state.retainUntil()).isEqualTo(at("2024-05-02T11:00:00Z"));
        }

        @Test
        void shouldRetainUntilLatestConversationOfAnyCategory() {
            PairState state = after(
                    template("out-1", "2024-05-01T10:00:00Z", Category.AUTHENTICATION),
                    marketing("out-2", "2024-05-01T09:00:00Z"));

            assertThat(state.retainUntil()).isEqualTo(at("2024-05-02T10:00:00Z"));
        }
    }

    // ------------------------------------------------------------------ Conversation

    @Nested
    @DisplayName("Conversation")
    class Conversations {

        private Conversation conversation(String businessId, String customerId, Category category, String openedAt) {
            long t = at(openedAt);
            return new Conversation(new Pair(businessId, customerId), category, t, t + BillingRules.DAY, "out-1",
                    Rule.S_TEMPLATE);
        }

        @Test
        void shouldGiveSameIdWhenSameEventsAreReplayed() {
            TrafficEvent[] events = {
                    adClick("ad-1", "2024-05-01T10:00:00Z"),
                    marketing("out-1", "2024-05-01T11:00:00Z"),
                    marketing("out-2", "2024-05-04T11:00:00Z")};

            Conversation first = BillingRules.apply(after(events[0]), events[1]).verdict().opened();
            Conversation again = BillingRules.apply(after(events[0]), events[1]).verdict().opened();
            Conversation later = BillingRules.apply(after(events[0], events[1]), events[2]).verdict().opened();

            assertThat(first.id()).isEqualTo(again.id()).isNotBlank();
            assertThat(later.id()).isNotEqualTo(first.id());
        }

        @Test
        void shouldGiveSameIdForEqualConversations() {
            assertThat(conversation("15550001", "447700900001", Category.MARKETING, "2024-05-01T10:00:00Z").id())
                    .isEqualTo(conversation("15550001", "447700900001", Category.MARKETING, "2024-05-01T10:00:00Z").id());
        }

        @Test
        void shouldGiveDifferentIdsForDifferentCategoriesOpenedAtSameInstant() {
            BillingRules.Step marketing = apply(PairState.EMPTY, marketing("out-1", "2024-05-01T10:00:00Z"));
            BillingRules.Step utility = apply(marketing.state(),
                    template("out-2", "2024-05-01T10:00:00Z", Category.UTILITY));

            assertThat(marketing.verdict().opened().id()).isNotEqualTo(utility.verdict().opened().id());
        }

        @Test
        void shouldGiveDifferentIdsForDifferentOpeningTimes() {
            assertThat(conversation("15550001", "447700900001", Category.MARKETING, "2024-05-01T10:00:00Z").id())
                    .isNotEqualTo(conversation("15550001", "447700900001", Category.MARKETING,
                            "2024-05-01T10:00:00.001Z").id());
        }

        @Test
        void shouldGiveDifferentIdsForDifferentBusinesses() {
            assertThat(conversation("15550001", "447700900001", Category.SERVICE, "2024-05-01T10:00:00Z").id())
                    .isNotEqualTo(conversation("15550002", "447700900001", Category.SERVICE,
                            "2024-05-01T10:00:00Z").id());
        }

        @Test
        void shouldGiveDifferentIdsForDifferentCustomers() {
            assertThat(conversation("15550001", "447700900001", Category.SERVICE, "2024-05-01T10:00:00Z").id())
                    .isNotEqualTo(conversation("15550001", "447700900002", Category.SERVICE,
                            "2024-05-01T10:00:00Z").id());
        }

        @Test
        void shouldGiveDifferentIdsWhenBusinessAndCustomerIdsSwap() {
            assertThat(conversation("15550001", "447700900001", Category.SERVICE, "2024-05-01T10:00:00Z").id())
                    .isNotEqualTo(conversation("447700900001", "15550001", Category.SERVICE,
                            "2024-05-01T10:00:00Z").id());
        }

        @ParameterizedTest
        @EnumSource(Category.class)
        void shouldBeBillableUnlessFreeEntryPoint(Category category) {
            Conversation conversation = conversation("15550001", "447700900001", category, "2024-05-01T10:00:00Z");

            assertThat(conversation.billable()).isEqualTo(category != Category.FREE_ENTRY_POINT);
        }
    }
}
