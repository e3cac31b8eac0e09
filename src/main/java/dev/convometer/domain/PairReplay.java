package dev.convometer.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pair's events from a base state, applied in O-ORDER with D-DEDUP and the rules: exactly what in-order billing does
 * with them, one event after the other. A late event is corrected by replaying the pair's retained history without it
 * and with it, and emitting the difference ({@link Correction}).
 */
public final class PairReplay {
    private PairReplay() {
    }

    /**
     * What the events did.
     *
     * @param state       the pair's state after the last event
     * @param opened      the conversations they opened, in O-ORDER of the events that opened them
     * @param rejected    the sends they had rejected (S-REJECT), in O-ORDER
     * @param messages    the facts of every business message they billed (neither failed nor rejected), in O-ORDER
     * @param applied     per event, in the order given: applied (true) or dropped as a duplicate
     */
    public record Outcome(PairState state, List<Conversation> opened, List<Rejection> rejected, List<BilledMessage> messages,
                          boolean[] applied) {
    }

    /**
     * @param base         the pair's state before the first event
     * @param appliedBefore per identity, the time of the last copy applied before the first event (for D-DEDUP)
     * @param inOrder      the events, sorted by {@link EventPosition}
     */
    public static Outcome replay(PairState base, Map<EventIdentity, Long> appliedBefore, List<TrafficEvent> inOrder,
                                 DeduplicationHorizon horizon) {
        Map<EventIdentity, Long> lastApplied = new HashMap<>(appliedBefore);
        List<Conversation> opened = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<BilledMessage> messages = new ArrayList<>();
        boolean[] applied = new boolean[inOrder.size()];
        PairState state = base;
        for (int i = 0; i < inOrder.size(); i++) {
            TrafficEvent event = inOrder.get(i);
            EventIdentity identity = EventIdentity.of(event);
            Long appliedAt = lastApplied.get(identity);
            if (appliedAt != null && horizon.isDuplicate(appliedAt, event.timestamp())) {
                continue;
            }
            applied[i] = true;
            lastApplied.put(identity, event.timestamp());
            BillingRules.Step step = BillingRules.apply(state, event);
            state = step.state();
            if (step.verdict().opened() != null) {
                opened.add(step.verdict().opened());
            } else if (step.verdict().rejected()) {
                rejected.add(Rejection.of(event));
            }
            if (step.billed() != null) {
                messages.add(step.billed());
            }
        }
        return new Outcome(state, List.copyOf(opened), List.copyOf(rejected), List.copyOf(messages), applied);
    }
}
