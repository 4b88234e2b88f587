package io.atoll.cluster.meta;

import io.atoll.schema.CollectionParams;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A collection in the cluster image: its params, its shards, the resharding in progress (if any) and the shards
 * that still hold points a finished resharding moved away. Immutable.
 *
 * <p>Points are spread over the ring (the shard ids, in order) by jump consistent hash. While a resharding runs,
 * readers and writers each use the ring its stage gives them, and every shard's reads keep only the points that
 * ring puts on it ({@link #readsFiltered}): a point being copied is in two shards at once, and must be counted once.
 *
 * @param uuid      chosen when the collection was created: a collection dropped and created again under the same
 *                  name is another collection, with other data directories
 * @param resharding the resharding in progress, null when none is
 * @param unclean   shards that have not yet deleted the points a finished resharding moved away from them
 */
public record CollectionMeta(String name, String uuid, CollectionParams params, SortedMap<Integer, ShardInfo> shards,
                             Resharding resharding, SortedSet<Integer> unclean) {
    public CollectionMeta {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
        unclean = Collections.unmodifiableSortedSet(unclean == null ? new TreeSet<>() : new TreeSet<>(unclean));
    }

    public CollectionMeta(String name, String uuid, CollectionParams params, SortedMap<Integer, ShardInfo> shards) {
        this(name, uuid, params, shards, null, null);
    }

    CollectionMeta withShard(ShardInfo shard) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.put(shard.id(), shard);
        return new CollectionMeta(name, uuid, params, s, resharding, unclean);
    }

    CollectionMeta withoutShard(int id) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.remove(id);
        TreeSet<Integer> u = new TreeSet<>(unclean);
        u.remove(id);
        return new CollectionMeta(name, uuid, params, s, resharding, u);
    }

    /** The shard with this id; null when there is none. */
    public ShardInfo shard(int id) {
        return shards.get(id);
    }

    CollectionMeta withParams(CollectionParams p) {
        return new CollectionMeta(name, uuid, p, shards, resharding, unclean);
    }

    CollectionMeta withResharding(Resharding r) {
        return new CollectionMeta(name, uuid, params, shards, r, unclean);
    }

    CollectionMeta withUnclean(SortedSet<Integer> u) {
        return new CollectionMeta(name, uuid, params, shards, resharding, u);
    }

    /**
     * The ring points are spread over outside a resharding: every shard, in id order. A resharding's new shard
     * joins it (and a removed one leaves it) only when the resharding finishes.
     */
    public List<Integer> ring() {
        if (resharding != null) {
            return resharding.oldRing();
        }
        return List.copyOf(shards.keySet());
    }

    /** The ring readers use now. */
    public List<Integer> readRing() {
        return resharding == null ? ring() : resharding.readRing();
    }

    /** The ring writers use now. */
    public List<Integer> writeRing() {
        return resharding == null ? ring() : resharding.writeRing();
    }

    /**
     * Whether a shard's reads must keep only the points the read ring puts on it: while a resharding runs, and
     * until every shard has deleted what a finished one moved away.
     */
    public boolean readsFiltered() {
        return resharding != null || !unclean.isEmpty();
    }
}
