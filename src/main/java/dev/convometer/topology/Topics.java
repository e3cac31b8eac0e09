package dev.convometer.topology;

import dev.convometer.avro.AdClick;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.avro.ConversationOpened;
import dev.convometer.avro.ConversationVoided;
import dev.convometer.avro.InboundMessage;
import dev.convometer.avro.InputEvent;
import dev.convometer.avro.OutboundSend;
import dev.convometer.avro.PricedConversation;
import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessage;
import dev.convometer.avro.PricedMessageVoided;
import dev.convometer.avro.RejectionWithdrawn;
import dev.convometer.avro.SendRejected;
import dev.convometer.domain.EventKind;
import dev.convometer.domain.Pair;
import dev.convometer.domain.TrafficEvent;
import dev.convometer.topology.serde.AvroSerde;
import dev.convometer.topology.serde.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One typed registry of the topics with their serdes. Input keys are read as raw bytes and ignored: billing keys every
 * event by its pair itself. Billing outputs are keyed by business_id, priced ones by waba_id; business accounts by
 * business_id.
 */
public final class Topics {
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        /** A serializer of values that are not records of this topic's type but are written as its records. */
        public <X> Serializer<X> writing(AvroSerde.Body<X> body) {
            if (!(valueSerde instanceof AvroSerde<?> avro)) {
                throw new IllegalStateException(name + " carries no Avro records");
            }
            return avro.serializer(body);
        }
    }

    public final Topic<byte[], InboundMessage> inboundMessage;
    public final Topic<byte[], AdClick> adClick;
    public final Topic<byte[], OutboundSend> outboundSend;
    public final Topic<String, ConversationOpened> conversationOpened;
    public final Topic<String, SendRejected> sendRejected;
    /** Corrections (SPEC 3a L-CORRECT): conversations and rejections that a late event took back. */
    public final Topic<String, ConversationVoided> conversationVoided;
    public final Topic<String, RejectionWithdrawn> rejectionWithdrawn;
    /** Business accounts (PRICING 7.2), compacted: read into a global store. */
    public final Topic<String, BusinessAccount> businessAccounts;
    public final Topic<String, PricedConversation> pricedConversation;
    public final Topic<String, PricedMessage> pricedMessage;
    /** Corrections of priced records (PRICING 7.9 P-CORRECT): the cancelled record plus voided_by. */
    public final Topic<String, PricedConversationVoided> pricedConversationVoided;
    public final Topic<String, PricedMessageVoided> pricedMessageVoided;
    /** Dead letters are written by Kafka Streams' error handlers: original key and value bytes, the reason in headers. */
    public final String deadLetter;
    /** Keys of the internal pair repartition topic (and of the stores). */
    public final Serde<Pair> pairSerde = PairKey.serde();
    /** Values of the internal pair repartition topic: {@link RepartitionFormat}, reading earlier releases' Avro too. */
    public final Serde<TrafficEvent> repartitionSerde;

    /** The input topic that carries events of this kind. */
    public Topic<byte[], ? extends SpecificRecord> input(EventKind kind) {
        return switch (kind) {
            case INBOUND_MESSAGE -> inboundMessage;
            case AD_CLICK -> adClick;
            case OUTBOUND_SEND -> outboundSend;
        };
    }

    public Topics(TopicNames names, SchemaRegistry registry) {
        inboundMessage = new Topic<>(names.inboundMessage(), Serdes.ByteArray(), new AvroSerde<>(InboundMessage.class, registry, false));
        adClick = new Topic<>(names.adClick(), Serdes.ByteArray(), new AvroSerde<>(AdClick.class, registry, false));
        outboundSend = new Topic<>(names.outboundSend(), Serdes.ByteArray(), new AvroSerde<>(OutboundSend.class, registry, false));
        conversationOpened = new Topic<>(names.conversationOpened(), Serdes.String(), new AvroSerde<>(ConversationOpened.class, registry, false));
        sendRejected = new Topic<>(names.sendRejected(), Serdes.String(), new AvroSerde<>(SendRejected.class, registry, false));
        conversationVoided = new Topic<>(names.conversationVoided(), Serdes.String(), new AvroSerde<>(ConversationVoided.class, registry, false));
        rejectionWithdrawn = new Topic<>(names.rejectionWithdrawn(), Serdes.String(), new AvroSerde<>(RejectionWithdrawn.class, registry, false));
        deadLetter = names.deadLetter();
        businessAccounts = new Topic<>(names.businessAccounts(), Serdes.String(), new AvroSerde<>(BusinessAccount.class, registry, false));
        pricedConversation = new Topic<>(names.pricedConversation(), Serdes.String(), new AvroSerde<>(PricedConversation.class, registry, false));
        pricedMessage = new Topic<>(names.pricedMessage(), Serdes.String(), new AvroSerde<>(PricedMessage.class, registry, false));
        pricedConversationVoided = new Topic<>(names.pricedConversationVoided(), Serdes.String(),
                new AvroSerde<>(PricedConversationVoided.class, registry, false));
        pricedMessageVoided = new Topic<>(names.pricedMessageVoided(), Serdes.String(), new AvroSerde<>(PricedMessageVoided.class, registry, false));
        // InputEvent is only read: the records an earlier release left in the repartition topic during an upgrade
        repartitionSerde = RepartitionFormat.serde(new AvroSerde<>(InputEvent.class, registry, false).deserializer());
    }
}
