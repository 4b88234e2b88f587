package io.atoll.cluster.meta;

import io.atoll.schema.CollectionParams;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A collection in the cluster image: its params and its shards. Immutable.
 *
 * @param uuid chosen when the collection was created: a collection dropped and created again under the same
 *             name is another collection, with other data directories
 */
public record CollectionMeta(String name, String uuid, CollectionParams params, SortedMap<Integer, ShardInfo> shards) {
    public CollectionMeta {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
    }

    CollectionMeta withShard(ShardInfo shard) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.put(shard.id(), shard);
        return new CollectionMeta(name, uuid, params, s);
    }

    /** The shard with this id; null when there is none. */
    public ShardInfo shard(int id) {
        return shards.get(id);
    }

    CollectionMeta withParams(CollectionParams p) {
        return new CollectionMeta(name, uuid, p, shards);
    }
}
