package io.atoll.shard;

import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.nio.file.Path;
import java.util.TreeMap;

/** Shards of a small test collection (one 2-dimensional Euclid vector), opened in a directory of their own. */
final class ShardFixtures {
    private ShardFixtures() {
    }

    static CollectionParams params() {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(2, Distance.EUCLID, null, false));
        return new CollectionParams(v, false, 1, 2, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    static LocalShard open(Path dir) throws Exception {
        return LocalShard.open("c", 0, dir, params(), ShardSettings.DEFAULT, null);
    }
}
