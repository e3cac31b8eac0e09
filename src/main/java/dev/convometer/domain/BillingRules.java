package dev.convometer.domain;

/**
 * The conversation-based pricing rules of SPEC section 3 for one pair: a state and one event give the new state and
 * the verdict. Every check compares against the event's own time, so nothing depends on when expired state is freed
 * (E-EXPIRY).
 */
public final class BillingRules {
    public static final long HOUR = 3_600_000L;
    public static final long DAY = 24 * HOUR;
    public static final long FEP_LENGTH = 72 * HOUR;
    public static final long ENTRY_REPLY_WINDOW = 24 * HOUR;
    public static final long CSW_LENGTH = 24 * HOUR;

    private BillingRules() {
    }

    /**
     * The pair's next state and what the event did; {@code billed} holds the facts of a business message that was
     * neither failed nor rejected, and is null for every other event.
     */
    public record Step(PairState state, Verdict verdict, BilledMessage billed) {
    }

    public static Step apply(PairState state, TrafficEvent event) {
        if (event instanceof CustomerMessage message) {
            return customer(state, message);
        }
        return business(state, (BusinessMessage) event);
    }

    /** W-CSW and W-ENTRY. */
    private static Step customer(PairState state, CustomerMessage message) {
        long t = message.timestamp();
        PairState next = state.withCswUntil(Math.max(state.cswUntil(), t + CSW_LENGTH));
        if (!message.entryPoint()) {
            return new Step(next, new Verdict(Rule.W_CSW, null), null);
        }
        next = next.withEntryUntil(Math.max(state.entryUntil(), t + ENTRY_REPLY_WINDOW));
        return new Step(next, new Verdict(Rule.W_ENTRY, null), null);
    }

    /** The chain S-FAILED -> S-REJECT -> S-FEP-JOIN -> S-FEP-OPEN -> S-TEMPLATE / S-FREE-FORM; the first that applies decides. */
    private static Step business(PairState state, BusinessMessage message) {
        long t = message.timestamp();
        if (message.status() == DeliveryStatus.FAILED) {
            return new Step(state, new Verdict(Rule.S_FAILED, null), null);
        }
        boolean windowOpen = state.cswOpenAt(t);
        if (message.type() == MessageType.FREE_FORM && !windowOpen) {
            return new Step(state, new Verdict(Rule.S_REJECT, null), null);
        }
        if (state.isOpen(Category.FREE_ENTRY_POINT, t)) {
            return billed(state.withEntryUntil(PairState.NONE), message, Rule.S_FEP_JOIN, windowOpen, null, null);
        }
        if (state.entryPending()) {
            if (t < state.entryUntil()) {
                Conversation fep = open(message, Category.FREE_ENTRY_POINT, FEP_LENGTH, Rule.S_FEP_OPEN);
                PairState next = state.withEntryUntil(PairState.NONE)
                        .withOnlyConversation(Category.FREE_ENTRY_POINT, fep.openedAt(), fep.expiresAt(), fep.openedBy());
                return billed(next, message, Rule.S_FEP_OPEN, windowOpen, fep, null);
            }
            state = state.withEntryUntil(PairState.NONE); // the deadline passed: discarded
        }
        if (message.type() == MessageType.TEMPLATE) {
            return joinOrOpen(state, message, message.category(), Rule.S_TEMPLATE, windowOpen);
        }
        for (Category category : Category.values()) {
            if (state.isOpen(category, t)) {
                return billed(state, message, Rule.S_FREE_FORM, windowOpen, null, null);
            }
        }
        return joinOrOpen(state, message, Category.SERVICE, Rule.S_FREE_FORM, windowOpen);
    }

    /** Joins the open conversation of {@code category} (only a template can: a free-form message joins any earlier). */
    private static Step joinOrOpen(PairState state, BusinessMessage message, Category category, Rule rule, boolean windowOpen) {
        if (state.isOpen(category, message.timestamp())) {
            Conversation joined = new Conversation(message.pair(), category, state.openedAt(category), state.expiresAt(category),
                    state.openedBy(category), rule);
            return billed(state, message, rule, windowOpen, null, joined);
        }
        Conversation opened = open(message, category, DAY, rule);
        PairState next = state.withConversation(category, opened.openedAt(), opened.expiresAt(), opened.openedBy());
        return billed(next, message, rule, windowOpen, opened, null);
    }

    private static Step billed(PairState next, BusinessMessage message, Rule rule, boolean windowOpenBefore, Conversation opened,
                               Conversation joined) {
        return new Step(next, new Verdict(rule, opened), new BilledMessage(message, rule, windowOpenBefore, joined));
    }

    private static Conversation open(BusinessMessage message, Category category, long length, Rule rule) {
        long t = message.timestamp();
        return new Conversation(message.pair(), category, t, t + length, message.eventId(), rule);
    }
}
