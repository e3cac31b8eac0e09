package dev.convometer.topology;

import dev.convometer.domain.Pair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of a pair: a 4-byte big-endian length of business_id, business_id, then customer_id (UTF-8). The length
 * prefix keeps it unambiguous whatever characters the ids hold. It is the key of the repartition topic and the stores.
 */
public final class PairKey {
    private PairKey() {
    }

    public static byte[] encode(Pair pair) {
        byte[] business = pair.businessId().getBytes(StandardCharsets.UTF_8);
        byte[] customer = pair.customerId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + business.length + customer.length)
                .putInt(business.length).put(business).put(customer).array();
    }

    public static Pair decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int businessLength = bytes.length >= 4 ? buffer.getInt() : -1;
        if (businessLength < 0 || businessLength > bytes.length - 4) {
            throw new SerializationException("not a pair key: " + bytes.length + " bytes");
        }
        String business = new String(bytes, 4, businessLength, StandardCharsets.UTF_8);
        String customer = new String(bytes, 4 + businessLength, bytes.length - 4 - businessLength, StandardCharsets.UTF_8);
        return new Pair(business, customer);
    }

    public static Serde<Pair> serde() {
        Serializer<Pair> serializer = (topic, pair) -> pair == null ? null : encode(pair);
        Deserializer<Pair> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
