package dev.convometer.topology;

import dev.convometer.domain.BilledMessage;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.Correction;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.domain.pricing.CountedItem;
import dev.convometer.domain.pricing.Counter;
import dev.convometer.domain.pricing.CounterDelta;
import dev.convometer.domain.pricing.Priced;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What pricing adds to the billing processor (PRICING slice A): each conversation and billed message that billing
 * decides is priced in its own era and forwarded to its priced topic, keyed by its WABA. A correction re-prices from
 * what it changed (P-CORRECT): the records that no longer hold are voided, then the new ones emitted, each group in
 * record order; an item whose record comes out equal is neither. Items are forwarded as they are: the sinks make them
 * Avro records ({@link PricedAvro}) and replay writes them as lines, without building records it would not keep. An item
 * whose price is its rank in a monthly counter goes to the counter stage instead, as a {@link CounterDelta} (7.13).
 */
final class PricedOutputs {
    private static final Comparator<Counter> COUNTER_ORDER = Comparator.comparing(Counter::key);

    private final PricingRules rules;
    private final AccountBook accounts;
    private final BillingCounters counters;
    private final ProcessorContext<String, Object> context;

    PricedOutputs(PricingRules rules, AccountBook accounts, BillingCounters counters, ProcessorContext<String, Object> context) {
        this.rules = rules;
        this.accounts = accounts;
        this.counters = counters;
        this.context = context;
    }

    // A plain test, not ifPresent with a lambda: a lambda is one more method for the JIT to compile apart, with all of
    // emitOrCount inlined into it again.
    void opened(Conversation conversation, TrafficEvent cause) {
        Optional<Priced> priced = price(conversation);
        if (priced.isPresent()) {
            emitOrCount(priced.get(), cause);
        }
    }

    void billed(BilledMessage message, TrafficEvent cause) {
        Optional<Priced> priced = price(message);
        if (priced.isPresent()) {
            emitOrCount(priced.get(), cause);
        }
    }

    void corrected(Correction correction, TrafficEvent late) {
        List<Priced> before = new ArrayList<>();
        List<Priced> after = new ArrayList<>();
        correction.voided().forEach(c -> price(c).ifPresent(before::add));
        correction.messagesVoided().forEach(m -> price(m).ifPresent(before::add));
        correction.opened().forEach(c -> price(c).ifPresent(after::add));
        correction.messagesBilled().forEach(m -> price(m).ifPresent(after::add));
        // counted items go to their counters as one delta each: the counter stage voids and emits their records
        Map<Counter, List<CountedItem>> retracts = new TreeMap<>(COUNTER_ORDER);
        Map<Counter, List<CountedItem>> adds = new TreeMap<>(COUNTER_ORDER);
        List<PricedItem> voided = new ArrayList<>();
        List<PricedItem> emitted = new ArrayList<>();
        for (Priced priced : minus(before, after)) {
            if (priced instanceof CountedItem counted) {
                retracts.computeIfAbsent(counted.counter(), c -> new ArrayList<>()).add(counted);
            } else {
                voided.add((PricedItem) priced);
            }
        }
        for (Priced priced : minus(after, before)) {
            if (priced instanceof CountedItem counted) {
                adds.computeIfAbsent(counted.counter(), c -> new ArrayList<>()).add(counted);
            } else {
                emitted.add((PricedItem) priced);
            }
        }
        voided.sort(PricedItem.RECORD_ORDER);
        emitted.sort(PricedItem.RECORD_ORDER);
        for (PricedItem item : voided) {
            counters.recordPricedVoided(item);
            context.forward(new Record<>(item.charge().wabaId(), new VoidedPricedItem(item, late.eventId()), late.timestamp()),
                    item instanceof PricedConversation ? BillingTopology.PRICED_CONVERSATION_VOIDED_SINK : BillingTopology.PRICED_MESSAGE_VOIDED_SINK);
        }
        emitted.forEach(item -> emit(item, late));
        Set<Counter> counters = new TreeSet<>(COUNTER_ORDER);
        counters.addAll(retracts.keySet());
        counters.addAll(adds.keySet());
        for (Counter counter : counters) {
            count(new CounterDelta(counter, retracts.getOrDefault(counter, List.of()), adds.getOrDefault(counter, List.of()),
                    late.eventId()), late);
        }
    }

    private Optional<Priced> price(Conversation conversation) {
        return rules.price(conversation, history(conversation.pair().businessId()));
    }

    private Optional<Priced> price(BilledMessage message) {
        return rules.price(message, history(message.message().pair().businessId()));
    }

    private AccountHistory history(String businessId) {
        return accounts.historyOf(businessId);
    }

    private void emitOrCount(Priced priced, TrafficEvent cause) {
        if (priced instanceof CountedItem counted) {
            count(new CounterDelta(counted.counter(), List.of(), List.of(counted), cause.eventId()), cause);
        } else {
            emit((PricedItem) priced, cause);
        }
    }

    /** To the counter stage, keyed by its counter (7.13). */
    private void count(CounterDelta delta, TrafficEvent cause) {
        context.forward(new Record<>(delta.counter().key(), delta, cause.timestamp()), BillingTopology.COUNTER_DELTAS);
    }

    private void emit(PricedItem item, TrafficEvent cause) {
        counters.recordPriced(item);
        context.forward(new Record<>(item.charge().wabaId(), item, cause.timestamp()),
                item instanceof PricedConversation ? BillingTopology.PRICED_CONVERSATION_SINK : BillingTopology.PRICED_MESSAGE_SINK);
    }

    /** Multiset difference of whole records, in the order of {@code from}. */
    private static List<Priced> minus(List<Priced> from, List<Priced> remove) {
        Map<Priced, Integer> left = new HashMap<>();
        remove.forEach(item -> left.merge(item, 1, Integer::sum));
        List<Priced> rest = new ArrayList<>();
        for (Priced item : from) {
            if (left.merge(item, -1, Integer::sum) < 0) {
                rest.add(item);
            }
        }
        return rest;
    }
}
