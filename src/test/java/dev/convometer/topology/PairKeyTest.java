package dev.convometer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convometer.domain.Pair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairKeyTest {
    @Test
    void shouldDecodeWhatItEncodedWhenIdsHoldAnyCharacters() {
        for (Pair pair : new Pair[] {new Pair("15550001", "447700900001"), new Pair("b\u0000|x", "c:\uD83D\uDE00"), new Pair("\u00e9", "\uFF61")}) {
            assertThat(PairKey.decode(PairKey.encode(pair))).isEqualTo(pair);
        }
    }

    @Test
    void shouldTellPairsApartWhenTheirIdsConcatenateAlike() {
        byte[] first = PairKey.encode(new Pair("ab", "c"));
        byte[] second = PairKey.encode(new Pair("a", "bc"));

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void shouldLengthPrefixTheBusinessIdWhenEncoding() {
        byte[] bytes = PairKey.encode(new Pair("b1", "c22"));

        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(2);
        assertThat(new String(bytes, 4, bytes.length - 4, StandardCharsets.UTF_8)).isEqualTo("b1c22");
    }

    @Test
    void shouldRefuseBytesWhenTheyAreNoPairKey() {
        assertThatThrownBy(() -> PairKey.decode(new byte[] {1, 2})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PairKey.decode(new byte[] {0, 0, 0, 9, 'a'})).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PairKey.decode(new byte[] {-1, 0, 0, 0})).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldPassNullThroughWhenUsedAsSerde() {
        var serde = PairKey.serde();
        Pair pair = new Pair("b", "c");

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", pair))).isEqualTo(pair);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
