package dev.convometer.app.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live service billed, as JSON lines in replay's format, and its net result (SPEC 3a L-CORRECT):
 * conversations opened minus those voided, rejections minus those withdrawn, each cancellation matched with every
 * field of what it cancels.
 */
public final class NetBilling {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<ConversationOpened> opened = Collections.synchronizedList(new ArrayList<>());
    final List<SendRejected> rejected = Collections.synchronizedList(new ArrayList<>());
    final List<ConversationVoided> voided = Collections.synchronizedList(new ArrayList<>());
    final List<RejectionWithdrawn> withdrawn = Collections.synchronizedList(new ArrayList<>());

    /** Collects every output it is handed. */
    CommittedOutputs.Listener listener() {
        return new CommittedOutputs.Listener(opened::add, rejected::add, voided::add, withdrawn::add);
    }

    /** Conversations opened and not voided, as replay writes them. */
    List<String> netOpened() {
        return net(opened.stream().map(BillingJson::opened).toList(), voided.stream().map(BillingJson::voided).toList(), "voided_by");
    }

    /** Rejections not withdrawn, as replay writes them. */
    List<String> netRejected() {
        return net(rejected.stream().map(BillingJson::rejected).toList(), withdrawn.stream().map(BillingJson::withdrawn).toList(), "withdrawn_by");
    }

    /**
     * Conversation ids opened more often than voided plus once: a conversation billed twice. A conversation may be
     * opened again after a correction voided it, as when a late event changed only one of its fields; Kafka keeps no
     * order across topics, so the counts are what can be checked.
     */
    List<String> conversationsOpenedTwiceWithoutVoid() {
        Map<String, Integer> balance = new HashMap<>();
        opened.forEach(c -> balance.merge(c.getConversationId(), 1, Integer::sum));
        voided.forEach(v -> balance.merge(v.getConversationId(), -1, Integer::sum));
        return balance.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * The lines of {@code outputs} that no line of {@code cancellations} cancels; a cancellation is the line it cancels
     * plus the field {@code byField}. Fails on a cancellation of something never output.
     */
    public static List<String> net(List<String> outputs, List<String> cancellations, String byField) {
        Map<JsonNode, Integer> cancelled = new HashMap<>();
        for (String line : cancellations) {
            ObjectNode node = (ObjectNode) parse(line);
            if (node.remove(byField) == null) {
                throw new AssertionError("cancellation without " + byField + ": " + line);
            }
            cancelled.merge(node, 1, Integer::sum);
        }
        List<String> net = new ArrayList<>();
        for (String line : outputs) {
            JsonNode node = parse(line);
            Integer left = cancelled.get(node);
            if (left == null) {
                net.add(line);
            } else if (left == 1) {
                cancelled.remove(node);
            } else {
                cancelled.put(node, left - 1);
            }
        }
        if (!cancelled.isEmpty()) {
            throw new AssertionError("cancelled but never output: " + cancelled);
        }
        return net;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
