package io.atoll.cluster.meta;

import io.atoll.schema.CollectionParams;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** A collection in the cluster image: its params and its shards. Immutable. */
public record CollectionMeta(String name, CollectionParams params, SortedMap<Integer, ShardInfo> shards) {
    public CollectionMeta {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }

    CollectionMeta withShard(ShardInfo shard) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.put(shard.id(), shard);
        return new CollectionMeta(name, params, s);
    }

    CollectionMeta withParams(CollectionParams p) {
        return new CollectionMeta(name, p, shards);
    }
}
