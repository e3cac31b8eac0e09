package dev.convometer.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * L-CORRECT: what a late event changes in what was emitted for its pair. Conversations (and rejections) are the same
 * only when every field is equal, so a changed field is a void and an open. Unchanged ones are in neither list.
 */
public record Correction(List<Conversation> voided, List<Conversation> opened, List<Rejection> withdrawn,
                         List<Rejection> rejected) {

    public static Correction between(PairReplay.Outcome before, PairReplay.Outcome after) {
        return new Correction(minus(before.opened(), after.opened()), minus(after.opened(), before.opened()),
                minus(before.rejected(), after.rejected()), minus(after.rejected(), before.rejected()));
    }

    public boolean isEmpty() {
        return voided.isEmpty() && opened.isEmpty() && withdrawn.isEmpty() && rejected.isEmpty();
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
