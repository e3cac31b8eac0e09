package dev.convometer.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * L-CORRECT: what a late event changes in what was emitted for its pair, and in the facts of its billed messages
 * (P-CORRECT re-prices from them). Conversations, rejections and billed messages are the same only when every field
 * is equal, so a changed field is a void and an open. Unchanged ones are in no list.
 *
 * @param messagesVoided the facts of billed messages that no longer hold, in O-ORDER
 * @param messagesBilled the facts that hold now and did not before, in O-ORDER
 */
public record Correction(List<Conversation> voided, List<Conversation> opened, List<Rejection> withdrawn,
                         List<Rejection> rejected, List<BilledMessage> messagesVoided, List<BilledMessage> messagesBilled) {

    public static Correction between(PairReplay.Outcome before, PairReplay.Outcome after) {
        return new Correction(minus(before.opened(), after.opened()), minus(after.opened(), before.opened()),
                minus(before.rejected(), after.rejected()), minus(after.rejected(), before.rejected()),
                minus(before.messages(), after.messages()), minus(after.messages(), before.messages()));
    }

    public boolean isEmpty() {
        return voided.isEmpty() && opened.isEmpty() && withdrawn.isEmpty() && rejected.isEmpty() && messagesVoided.isEmpty()
                && messagesBilled.isEmpty();
    }

    /** Multiset difference, in the order of {@code from}. */
    private static <T> List<T> minus(List<T> from, List<T> remove) {
        Map<T, Integer> left = new HashMap<>();
        remove.forEach(item -> left.merge(item, 1, Integer::sum));
        List<T> rest = new ArrayList<>();
        for (T item : from) {
            if (left.merge(item, -1, Integer::sum) < 0) {
                rest.add(item);
            }
        }
        return List.copyOf(rest);
    }
}
