package dev.convometer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facts billing gives pricing of each business message it billed (PRICING 7.7): rule, window, joined conversation. */
class BilledMessageTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static BusinessMessage template(String id, String instant, Category category) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.TEMPLATE, category, null);
    }

    private static BusinessMessage freeForm(String id, String instant) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.FREE_FORM, null, null);
    }

    private static CustomerMessage inbound(String id, String instant) {
        return CustomerMessage.inbound(id, PAIR, at(instant), false);
    }

    /** The steps of the events applied one after the other from nothing. */
    private static List<BillingRules.Step> steps(TrafficEvent... events) {
        List<BillingRules.Step> steps = new ArrayList<>();
        PairState state = PairState.EMPTY;
        for (TrafficEvent event : events) {
            BillingRules.Step step = BillingRules.apply(state, event);
            steps.add(step);
            state = step.state();
        }
        return steps;
    }

    private static BillingRules.Step last(TrafficEvent... events) {
        List<BillingRules.Step> steps = steps(events);
        return steps.get(steps.size() - 1);
    }

    @Test
    void shouldGiveFepOpenWithTheWindowOpenWhenAMessageAnswersAnAdClick() {
        BusinessMessage m1 = template("m1", "2024-05-01T11:00:00Z", Category.MARKETING);

        BillingRules.Step step = last(CustomerMessage.adClick("a1", PAIR, at("2024-05-01T10:00:00Z")), m1);

        assertThat(step.billed()).isEqualTo(new BilledMessage(m1, Rule.S_FEP_OPEN, true, null));
        assertThat(step.verdict().opened().category()).isEqualTo(Category.FREE_ENTRY_POINT);
    }

    @Test
    void shouldGiveFepJoinWhenAMessageFollowsInsideTheFreeEntryPointConversation() {
        BusinessMessage m2 = template("m2", "2024-05-02T12:00:00Z", Category.MARKETING);

        BillingRules.Step step = last(CustomerMessage.adClick("a1", PAIR, at("2024-05-01T10:00:00Z")),
                freeForm("f1", "2024-05-01T11:00:00Z"), m2);

        assertThat(step.billed()).isEqualTo(new BilledMessage(m2, Rule.S_FEP_JOIN, false, null));
    }

    @Test
    void shouldGiveTemplateWithNoJoinedConversationWhenTheTemplateOpensOne() {
        BusinessMessage u1 = template("u1", "2024-05-01T10:00:00Z", Category.UTILITY);

        BillingRules.Step step = last(template("m1", "2024-05-01T09:00:00Z", Category.MARKETING), u1);

        assertThat(step.billed()).isEqualTo(new BilledMessage(u1, Rule.S_TEMPLATE, false, null));
        assertThat(step.verdict().opened().openedBy()).isSameAs(u1.eventId());
    }

    @Test
    void shouldGiveTheJoinedConversationWithItsOpenerWhenATemplateJoinsOneOfItsCategory() {
        BusinessMessage u1 = template("u1", "2024-05-01T10:00:00Z", Category.UTILITY);
        BusinessMessage u2 = template("u2", "2024-05-02T09:59:59.999Z", Category.UTILITY);

        List<BillingRules.Step> steps = steps(u1, inbound("i1", "2024-05-01T11:00:00Z"), u2);

        BilledMessage billed = steps.get(2).billed();
        assertThat(billed).isEqualTo(new BilledMessage(u2, Rule.S_TEMPLATE, true, steps.get(0).verdict().opened()));
        assertThat(billed.joined()).isEqualTo(new Conversation(PAIR, Category.UTILITY, at("2024-05-01T10:00:00Z"),
                at("2024-05-02T10:00:00Z"), "u1", Rule.S_TEMPLATE));
        assertThat(billed.joined().openedBy()).as("the state keeps the opener's own String").isSameAs(u1.eventId());
    }

    @Test
    void shouldGiveAnUnknownOpenerWhenTheJoinedConversationWasStoredWithoutOne() {
        PairState upgraded = PairState.EMPTY.withConversation(Category.UTILITY, at("2024-05-01T10:00:00Z"), at("2024-05-02T10:00:00Z"), null);

        BilledMessage billed = BillingRules.apply(upgraded, template("u2", "2024-05-01T12:00:00Z", Category.UTILITY)).billed();

        assertThat(billed.joined().openedBy()).isNull();
        assertThat(billed.joined().openedAt()).isEqualTo(at("2024-05-01T10:00:00Z"));
    }

    @Test
    void shouldGiveFreeFormWithTheWindowOpenWhetherItOpensOrJoins() {
        BusinessMessage f1 = freeForm("f1", "2024-05-01T10:05:00Z");
        BusinessMessage f2 = freeForm("f2", "2024-05-01T10:10:00Z");

        List<BillingRules.Step> steps = steps(inbound("i1", "2024-05-01T10:00:00Z"), f1, f2);

        assertThat(steps.get(1).billed()).isEqualTo(new BilledMessage(f1, Rule.S_FREE_FORM, true, null));
        assertThat(steps.get(1).verdict().opened().category()).isEqualTo(Category.SERVICE);
        assertThat(steps.get(2).billed()).isEqualTo(new BilledMessage(f2, Rule.S_FREE_FORM, true, null));
    }

    @Test
    void shouldGiveTheWindowClosedWhenTheMessageComesExactlyAtCswUntil() {
        CustomerMessage i1 = inbound("i1", "2024-05-01T10:00:00Z");

        assertThat(last(i1, template("u1", "2024-05-02T10:00:00Z", Category.UTILITY)).billed().windowOpenBefore()).isFalse();
        assertThat(last(i1, template("u1", "2024-05-02T09:59:59.999Z", Category.UTILITY)).billed().windowOpenBefore()).isTrue();
    }

    @Test
    void shouldGiveTheWindowOpenWhenACustomerMessageHasTheSameTimestampWhateverItsArrival() {
        List<TrafficEvent> events = new ArrayList<>(List.of(template("u1", "2024-05-01T10:00:00Z", Category.UTILITY),
                inbound("i1", "2024-05-01T10:00:00Z")));
        events.sort((a, b) -> a.position().compareTo(b.position())); // O-ORDER: the customer's message first

        PairReplay.Outcome outcome = PairReplay.replay(PairState.EMPTY, Map.of(), events, DeduplicationHorizon.DEFAULT);

        assertThat(outcome.messages()).extracting(BilledMessage::windowOpenBefore).containsExactly(true);
    }

    @Test
    void shouldGiveNoFactsWhenTheEventIsACustomerMessageAFailedOrARejectedSend() {
        List<BillingRules.Step> steps = steps(inbound("i1", "2024-05-01T10:00:00Z"), CustomerMessage.adClick("a1", PAIR, at("2024-05-01T10:00:00Z")),
                new BusinessMessage("u1", PAIR, at("2024-05-01T11:00:00Z"), MessageType.TEMPLATE, Category.UTILITY, DeliveryStatus.FAILED),
                freeForm("f1", "2024-05-03T11:00:00Z"));

        assertThat(steps).extracting(step -> step.verdict().rule()).containsExactly(Rule.W_CSW, Rule.W_ENTRY, Rule.S_FAILED, Rule.S_REJECT);
        assertThat(steps).extracting(BillingRules.Step::billed).containsOnlyNulls();
    }
}
