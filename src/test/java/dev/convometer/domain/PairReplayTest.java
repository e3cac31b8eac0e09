package dev.convometer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** O-ORDER, the replay of a pair's history and the corrections between two replays (SPEC sections 1 and 3a). */
class PairReplayTest {
    private static final Pair PAIR = new Pair("15550001", "447700900001");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static BusinessMessage template(String id, String instant, Category category) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.TEMPLATE, category, null);
    }

    private static BusinessMessage failed(String id, String instant, Category category) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.TEMPLATE, category, DeliveryStatus.FAILED);
    }

    private static BusinessMessage freeForm(String id, String instant) {
        return new BusinessMessage(id, PAIR, at(instant), MessageType.FREE_FORM, null, null);
    }

    private static CustomerMessage inbound(String id, String instant) {
        return CustomerMessage.inbound(id, PAIR, at(instant), false);
    }

    private static PairReplay.Outcome replay(TrafficEvent... inOrder) {
        return PairReplay.replay(PairState.EMPTY, Map.of(), List.of(inOrder), DeduplicationHorizon.DEFAULT);
    }

    @Nested
    class EventOrder {
        @Test
        void shouldOrderByTimestampFirst() {
            assertThat(inbound("z", "2024-05-01T00:00:00Z").position())
                    .isLessThan(freeForm("a", "2024-05-01T00:00:00.001Z").position());
        }

        @Test
        void shouldPutCustomerSideBeforeBusinessMessagesWhenTimestampsAreEqual() {
            assertThat(freeForm("a", "2024-05-01T00:00:00Z").position())
                    .isGreaterThan(inbound("z", "2024-05-01T00:00:00Z").position())
                    .isGreaterThan(CustomerMessage.adClick("z", PAIR, at("2024-05-01T00:00:00Z")).position());
        }

        @Test
        void shouldCompareEventIdsAsUnsignedUtf8WhenTimeAndSideAreEqual() {
            // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts U+FF61 first, UTF-16 (String.compareTo) the emoji
            BusinessMessage halfwidth = freeForm("\uFF61", "2024-05-01T00:00:00Z");
            BusinessMessage emoji = freeForm("\uD83D\uDE00", "2024-05-01T00:00:00Z");

            assertThat(halfwidth.position()).isLessThan(emoji.position());
            assertThat("\uFF61".compareTo("\uD83D\uDE00")).isPositive();
            assertThat(freeForm("ab", "2024-05-01T00:00:00Z").position()).isLessThan(freeForm("abc", "2024-05-01T00:00:00Z").position());
        }

        @Test
        void shouldGiveCopiesOfOneEventTheSamePosition() {
            assertThat(template("m1", "2024-05-01T00:00:00Z", Category.MARKETING).position())
                    .isEqualByComparingTo(failed("m1", "2024-05-01T00:00:00Z", Category.MARKETING).position());
        }
    }

    @Nested
    class Replay {
        @Test
        void shouldApplyFirstCopyAndDropLaterOnesWithinTheHorizon() {
            PairReplay.Outcome outcome = replay(failed("m1", "2024-05-01T09:00:00Z", Category.MARKETING),
                    template("m1", "2024-05-01T10:00:00Z", Category.MARKETING),
                    template("m1", "2024-05-08T09:00:00Z", Category.MARKETING));

            assertThat(outcome.applied()).containsExactly(true, false, true);
            assertThat(outcome.opened()).extracting(Conversation::openedAt).containsExactly(at("2024-05-08T09:00:00Z"));
            assertThat(outcome.messages()).as("no facts of the failed status nor of its duplicate")
                    .extracting(m -> m.message().timestamp()).containsExactly(at("2024-05-08T09:00:00Z"));
        }

        @Test
        void shouldDeduplicateAgainstCopiesAppliedBeforeTheHistory() {
            PairReplay.Outcome outcome = PairReplay.replay(PairState.EMPTY,
                    Map.of(new EventIdentity(EventKind.OUTBOUND_SEND, "m1"), at("2024-05-01T00:00:00Z")),
                    List.of(template("m1", "2024-05-07T23:59:59.999Z", Category.MARKETING)), DeduplicationHorizon.DEFAULT);

            assertThat(outcome.applied()).containsExactly(false);
            assertThat(outcome.opened()).isEmpty();
        }

        @Test
        void shouldGiveWhatEventByEventBillingGivesWhenReplayed() {
            List<TrafficEvent> events = List.of(inbound("i1", "2024-05-01T00:00:00Z"), freeForm("o1", "2024-05-01T00:00:00Z"),
                    template("u1", "2024-05-01T01:00:00Z", Category.UTILITY), freeForm("o2", "2024-05-02T01:00:00Z"));
            PairState state = PairState.EMPTY;
            List<Conversation> opened = new ArrayList<>();
            List<BilledMessage> billed = new ArrayList<>();
            for (TrafficEvent event : events) {
                BillingRules.Step step = BillingRules.apply(state, event);
                state = step.state();
                if (step.verdict().opened() != null) {
                    opened.add(step.verdict().opened());
                }
                if (step.billed() != null) {
                    billed.add(step.billed());
                }
            }

            PairReplay.Outcome outcome = replay(events.toArray(TrafficEvent[]::new));

            assertThat(outcome.state()).isEqualTo(state);
            assertThat(outcome.opened()).isEqualTo(opened);
            assertThat(outcome.messages()).isEqualTo(billed).hasSize(2);
            assertThat(outcome.rejected()).containsExactly(new Rejection(PAIR, "o2", at("2024-05-02T01:00:00Z")));
        }
    }

    @Nested
    class Corrections {
        @Test
        void shouldVoidAndOpenWhenOnlyOneFieldChanged() {
            // same category and time, another opener: a late message of the same second with a smaller id
            PairReplay.Outcome before = replay(template("u2", "2024-05-01T12:00:00Z", Category.UTILITY));
            PairReplay.Outcome after = replay(template("u1", "2024-05-01T12:00:00Z", Category.UTILITY),
                    template("u2", "2024-05-01T12:00:00Z", Category.UTILITY));

            Correction correction = Correction.between(before, after);

            assertThat(correction.voided()).extracting(Conversation::openedBy).containsExactly("u2");
            assertThat(correction.opened()).extracting(Conversation::openedBy).containsExactly("u1");
            assertThat(correction.voided().get(0).id()).isNotEqualTo(correction.opened().get(0).id());
        }

        @Test
        void shouldLeaveUnchangedConversationsOut() {
            PairReplay.Outcome before = replay(template("m1", "2024-05-01T00:00:00Z", Category.MARKETING),
                    freeForm("o1", "2024-05-01T02:00:00Z"));
            PairReplay.Outcome after = replay(template("m1", "2024-05-01T00:00:00Z", Category.MARKETING),
                    inbound("i1", "2024-05-01T01:00:00Z"), freeForm("o1", "2024-05-01T02:00:00Z"));

            Correction correction = Correction.between(before, after);

            assertThat(correction.voided()).isEmpty();
            assertThat(correction.opened()).isEmpty();
            assertThat(correction.withdrawn()).containsExactly(new Rejection(PAIR, "o1", at("2024-05-01T02:00:00Z")));
            assertThat(correction.rejected()).isEmpty();
        }

        @Test
        void shouldBeEmptyWhenTheLateEventChangesNothing() {
            PairReplay.Outcome before = replay(template("m1", "2024-05-01T00:00:00Z", Category.MARKETING));
            PairReplay.Outcome after = replay(template("m1", "2024-05-01T00:00:00Z", Category.MARKETING),
                    failed("m2", "2024-05-01T01:00:00Z", Category.MARKETING));

            assertThat(Correction.between(before, after).isEmpty()).isTrue();
        }

        @Test
        void shouldOnlyBillTheLateMessageWhenItJoinsAnOpenConversation() {
            BusinessMessage m1 = template("m1", "2024-05-01T00:00:00Z", Category.MARKETING);
            BusinessMessage m2 = template("m2", "2024-05-01T01:00:00Z", Category.MARKETING);

            Correction correction = Correction.between(replay(m1), replay(m1, m2));

            assertThat(correction.voided()).isEmpty();
            assertThat(correction.opened()).isEmpty();
            assertThat(correction.messagesVoided()).isEmpty();
            assertThat(correction.messagesBilled()).containsExactly(new BilledMessage(m2, Rule.S_TEMPLATE, false,
                    replay(m1).opened().get(0)));
            assertThat(correction.isEmpty()).isFalse();
        }

        @Test
        void shouldVoidAndBillTheFactsOfALaterTemplateWhenALateInboundOpensTheWindowBeforeIt() {
            BusinessMessage u1 = template("u1", "2024-05-01T10:00:00Z", Category.UTILITY);

            Correction correction = Correction.between(replay(u1), replay(inbound("i1", "2024-05-01T09:00:00Z"), u1));

            assertThat(correction.voided()).as("the same conversation").isEmpty();
            assertThat(correction.opened()).isEmpty();
            assertThat(correction.messagesVoided()).containsExactly(new BilledMessage(u1, Rule.S_TEMPLATE, false, null));
            assertThat(correction.messagesBilled()).containsExactly(new BilledMessage(u1, Rule.S_TEMPLATE, true, null));
        }

        @Test
        void shouldChangeTheJoinedConversationOfLaterTemplatesWhenALateTemplateOpensEarlier() {
            BusinessMessage u1 = template("u1", "2024-05-01T11:00:00Z", Category.UTILITY);
            BusinessMessage u2 = template("u2", "2024-05-01T12:00:00Z", Category.UTILITY);
            BusinessMessage u3 = template("u3", "2024-05-01T13:00:00Z", Category.UTILITY);
            PairReplay.Outcome before = replay(u2, u3);
            PairReplay.Outcome after = replay(u1, u2, u3);

            Correction correction = Correction.between(before, after);

            Conversation byU1 = after.opened().get(0);
            Conversation byU2 = before.opened().get(0);
            assertThat(correction.messagesVoided()).containsExactly(new BilledMessage(u2, Rule.S_TEMPLATE, false, null),
                    new BilledMessage(u3, Rule.S_TEMPLATE, false, byU2));
            assertThat(correction.messagesBilled()).containsExactly(new BilledMessage(u1, Rule.S_TEMPLATE, false, null),
                    new BilledMessage(u2, Rule.S_TEMPLATE, false, byU1), new BilledMessage(u3, Rule.S_TEMPLATE, false, byU1));
            assertThat(byU1.openedBy()).isEqualTo("u1");
        }

        @Test
        void shouldVoidTheFactsOfTheLaterCopyWhenAnEarlierFailedCopyArrivesLate() {
            BusinessMessage delivered = template("m1", "2024-05-01T10:00:00Z", Category.MARKETING);

            Correction correction = Correction.between(replay(delivered), replay(failed("m1", "2024-05-01T09:00:00Z", Category.MARKETING), delivered));

            assertThat(correction.messagesVoided()).containsExactly(new BilledMessage(delivered, Rule.S_TEMPLATE, false, null));
            assertThat(correction.messagesBilled()).isEmpty();
        }
    }
}
