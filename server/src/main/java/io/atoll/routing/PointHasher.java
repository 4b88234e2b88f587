package io.atoll.routing;

import io.atoll.point.PointId;
import org.apache.commons.codec.digest.MurmurHash3;

/** The 64-bit hash of a point id that routing is built on: Murmur3 x64-128 of the id's canonical bytes, first half. */
public final class PointHasher {
    private PointHasher() {
    }

    public static long hash(PointId id) {
        byte[] key = id.key();
        return hash(key, 0, key.length);
    }

    /** The hash of the id whose canonical key is {@code key[offset, offset + length)}. */
    public static long hash(byte[] key, int offset, int length) {
        return MurmurHash3.hash128x64(key, offset, length, 0)[0];
    }
}
