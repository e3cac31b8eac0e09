package dev.convometer.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/** The byte writer and reader of {@link CounterFormat}: varints, strings, order-preserving strings, wire names. */
final class CounterBytes {
    /** Follows a 0x00 byte of an order-preserving string. */
    static final byte ESCAPE = (byte) 0xFF;
    /** Follows the 0x00 that ends an order-preserving string. */
    static final byte END = 1;
    private CounterBytes() {
    }

    /** The value of {@code values} whose wire name is {@code name}; null for null; a name this release does not know fails. */
    static <E> E named(E[] values, Function<E, String> wireName, String name) {
        if (name == null) {
            return null;
        }
        for (E value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalStateException("unreadable counter state: unknown " + values[0].getClass().getSimpleName() + " '"
                + name + "' (written by a newer release?)");
    }

    /** A growing byte array. */
    static final class Out {
        private byte[] bytes = new byte[256];
        private int length;

        void put(byte b) {
            room(1);
            bytes[length++] = b;
        }

        void putLong(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (value >>> shift);
            }
        }

        void varint(int value) {
            while ((value & ~0x7F) != 0) {
                put((byte) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            put((byte) value);
        }

        void string(String value) {
            if (value == null) {
                varint(0);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }

        /** UTF-8 with 0x00 escaped, then the terminator: order-preserving (see the class comment). */
        void escaped(String value) {
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                put(b);
                if (b == 0) {
                    put(ESCAPE);
                }
            }
            put((byte) 0);
            put(END);
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    static final class In {
        final ByteBuffer buffer;

        In(byte[] bytes, int from) {
            buffer = ByteBuffer.wrap(bytes, from, bytes.length - from);
        }

        static In versioned(byte[] bytes, String what) {
            if (bytes.length == 0 || bytes[0] != CounterFormat.VERSION) {
                throw new IllegalStateException("unreadable " + what + ": " + (bytes.length == 0 ? "empty" : "format version "
                        + bytes[0]) + " (this release reads version " + CounterFormat.VERSION + ")");
            }
            return new In(bytes, 1);
        }

        int varint() {
            return RepartitionFormat.varint(buffer);
        }

        String string() {
            int length = varint() - 1;
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalStateException("bad string length " + length);
            }
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }

        String escaped() {
            byte[] array = buffer.array();
            byte[] utf8 = new byte[buffer.remaining()];
            int length = 0;
            int at = buffer.position();
            while (true) {
                byte b = array[at++];
                if (b == 0) {
                    if (array[at++] == END) {
                        break;
                    }
                }
                utf8[length++] = b;
            }
            buffer.position(at);
            return new String(utf8, 0, length, StandardCharsets.UTF_8);
        }

        void end() {
            if (buffer.hasRemaining()) {
                throw new IllegalStateException(buffer.remaining() + " bytes after the value");
            }
        }
    }
}
