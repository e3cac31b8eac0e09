package dev.convometer.topology;

import dev.convometer.domain.BilledMessage;
import dev.convometer.domain.Conversation;
import dev.convometer.domain.Correction;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.domain.pricing.AccountHistory;
import dev.convometer.domain.pricing.PricedConversation;
import dev.convometer.domain.pricing.PricedItem;
import dev.convometer.domain.pricing.PricingRules;
import dev.convometer.domain.pricing.VoidedPricedItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What pricing adds to the billing processor (PRICING slice A): each conversation and billed message that billing
 * decides is priced in its own era and forwarded to its priced topic, keyed by its WABA. A correction re-prices from
 * what it changed (P-CORRECT): the records that no longer hold are voided, then the new ones emitted, each group in
 * record order; an item whose record comes out equal is neither. Items are forwarded as they are: the sinks make them
 * Avro records ({@link AvroCharges}) and replay writes them as lines, without building records it would not keep.
 */
final class PricedOutputs {
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

    void opened(Conversation conversation, TrafficEvent cause) {
        price(conversation).ifPresent(item -> emit(item, cause));
    }

    void billed(BilledMessage message, TrafficEvent cause) {
        price(message).ifPresent(item -> emit(item, cause));
    }

    void corrected(Correction correction, TrafficEvent late) {
        List<PricedItem> before = new ArrayList<>();
        List<PricedItem> after = new ArrayList<>();
        correction.voided().forEach(c -> price(c).ifPresent(before::add));
        correction.messagesVoided().forEach(m -> price(m).ifPresent(before::add));
        correction.opened().forEach(c -> price(c).ifPresent(after::add));
        correction.messagesBilled().forEach(m -> price(m).ifPresent(after::add));
        List<PricedItem> voided = minus(before, after);
        List<PricedItem> emitted = minus(after, before);
        voided.sort(PricedItem.RECORD_ORDER);
        emitted.sort(PricedItem.RECORD_ORDER);
        for (PricedItem item : voided) {
            counters.recordPricedVoided(item);
            context.forward(new Record<>(item.charge().wabaId(), new VoidedPricedItem(item, late.eventId()), late.timestamp()),
                    item instanceof PricedConversation ? BillingTopology.PRICED_CONVERSATION_VOIDED_SINK : BillingTopology.PRICED_MESSAGE_VOIDED_SINK);
        }
        emitted.forEach(item -> emit(item, late));
    }

    private Optional<? extends PricedItem> price(Conversation conversation) {
        return rules.price(conversation, history(conversation.pair().businessId()));
    }

    private Optional<? extends PricedItem> price(BilledMessage message) {
        return rules.price(message, history(message.message().pair().businessId()));
    }

    private AccountHistory history(String businessId) {
        return accounts.historyOf(businessId);
    }

    private void emit(PricedItem item, TrafficEvent cause) {
        counters.recordPriced(item);
        context.forward(new Record<>(item.charge().wabaId(), item, cause.timestamp()),
                item instanceof PricedConversation ? BillingTopology.PRICED_CONVERSATION_SINK : BillingTopology.PRICED_MESSAGE_SINK);
    }

    /** Multiset difference of whole records, in the order of {@code from}. */
    private static List<PricedItem> minus(List<PricedItem> from, List<PricedItem> remove) {
        Map<PricedItem, Integer> left = new HashMap<>();
        remove.forEach(item -> left.merge(item, 1, Integer::sum));
        List<PricedItem> rest = new ArrayList<>();
        for (PricedItem item : from) {
            if (left.merge(item, -1, Integer::sum) < 0) {
                rest.add(item);
            }
        }
        return rest;
    }
}
