package io.atoll.routing;

import io.atoll.point.PointId;
import org.apache.commons.codec.digest.MurmurHash3;

/** The 64-bit hash of a point id that routing is built on: Murmur3 x64-128 of the id's canonical bytes, first half. */
public final class PointHasher {
    private PointHasher() {
    }

    public static long hash(PointId id) {
        byte[] key = id.key();
        return MurmurHash3.hash128x64(key, 0, key.length, 0)[0];
    }
}
