package io.atoll.routing;

import io.atoll.point.PointId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Qdrant's slices of the id space (the {@code slice} filter condition): a point is in slice {@code index} of
 * {@code total} when SipHash-2-4, with a zero key, of its id's bytes (8 little-endian bytes for a number, the 16
 * RFC 4122 bytes for a UUID) leaves {@code index} divided by {@code total}. The same id is in the same slice on
 * every node, in every segment, and in Qdrant. Stateless.
 */
public final class IdSlices {
    private IdSlices() {
    }

    public static boolean contains(PointId id, long total, long index) {
        byte[] bytes = switch (id) {
            case PointId.Num n -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n.value()).array();
            case PointId.Uuid u -> ByteBuffer.allocate(16).putLong(u.value().getMostSignificantBits())
                    .putLong(u.value().getLeastSignificantBits()).array();
        };
        return Long.remainderUnsigned(sipHash24(0, 0, bytes), total) == index;
    }

    /** SipHash-2-4 (Aumasson and Bernstein) under the key (k0, k1), each read little-endian from the key bytes. */
    static long sipHash24(long k0, long k1, byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int blocks = m.length / 8;
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L,
                k1 ^ 0x7465646279746573L};
        for (int i = 0; i < blocks; i++) {
            long word = b.getLong(i * 8);
            v[3] ^= word;
            round(v);
            round(v);
            v[0] ^= word;
        }
        long last = ((long) m.length & 0xff) << 56;
        for (int i = 0; i < m.length % 8; i++) {
            last |= (m[blocks * 8 + i] & 0xffL) << (8 * i);
        }
        v[3] ^= last;
        round(v);
        round(v);
        v[0] ^= last;
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
