package io.atoll.cluster.meta;

import io.atoll.point.ShardKey;
import io.atoll.schema.CollectionParams;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A collection in the cluster image: its params, its shards, the resharding in progress (if any) and the shards
 * that still hold points a finished resharding moved away. Immutable.
 *
 * <p>Points are spread over a ring (the shard ids, in order) by jump consistent hash: a collection sharded
 * automatically has one ring of all its shards, one sharded by key a ring per key. While a resharding runs,
 * readers and writers each use the ring its stage gives them, and every shard's reads keep only the points that
 * ring puts on it ({@link #readsFiltered}): a point being copied is in two shards at once, and must be counted once.
 *
 * @param uuid      chosen when the collection was created: a collection dropped and created again under the same
 *                  name is another collection, with other data directories
 * @param resharding the resharding in progress, null when none is
 * @param unclean   shards that have not yet deleted the points a finished resharding moved away from them
 * @param promotion the tenant promotion ({@code replicate_points}) in progress, null when none is
 * @param routingFence the index of the last record after which a shard-key selector may resolve to other keys
 *                  for the same write (a promotion's writers switched): primaries refuse writes routed by an older
 *                  image, so that the coordinator resolves them again (0 when none)
 * @param retiredTerm the highest term any shard removed from this collection had reached (0 when none): a shard
 *                  created later, which may take a removed one's id, starts above it ({@link #firstTerm}), so the
 *                  term of a shard id never goes back and a term seen once is never seen again for other data
 */
public record CollectionMeta(String name, String uuid, CollectionParams params, SortedMap<Integer, ShardInfo> shards,
                             Resharding resharding, SortedSet<Integer> unclean, Promotion promotion,
                             long routingFence, long retiredTerm) {
    public CollectionMeta {
        shards = Collections.unmodifiableSortedMap(new TreeMap<>(shards));
        unclean = Collections.unmodifiableSortedSet(unclean == null ? new TreeSet<>() : new TreeSet<>(unclean));
    }

    public CollectionMeta(String name, String uuid, CollectionParams params, SortedMap<Integer, ShardInfo> shards) {
        this(name, uuid, params, shards, null, null, null, 0, 0);
    }

    CollectionMeta withShard(ShardInfo shard) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.put(shard.id(), shard);
        return new CollectionMeta(name, uuid, params, s, resharding, unclean, promotion, routingFence, retiredTerm);
    }

    CollectionMeta withoutShard(int id) {
        TreeMap<Integer, ShardInfo> s = new TreeMap<>(shards);
        s.remove(id);
        TreeSet<Integer> u = new TreeSet<>(unclean);
        u.remove(id);
        ShardInfo removed = shards.get(id);
        long retired = removed == null ? retiredTerm : Math.max(retiredTerm, removed.term());
        return new CollectionMeta(name, uuid, params, s, resharding, u, promotion, routingFence, retired);
    }

    /** The term a shard created now starts in: above every term a removed shard (perhaps of the same id) had. */
    long firstTerm() {
        return retiredTerm + 1;
    }

    /** The shard with this id; null when there is none. */
    public ShardInfo shard(int id) {
        return shards.get(id);
    }

    CollectionMeta withParams(CollectionParams p) {
        return new CollectionMeta(name, uuid, p, shards, resharding, unclean, promotion, routingFence, retiredTerm);
    }

    CollectionMeta withResharding(Resharding r) {
        return new CollectionMeta(name, uuid, params, shards, r, unclean, promotion, routingFence, retiredTerm);
    }

    CollectionMeta withPromotion(Promotion p) {
        return new CollectionMeta(name, uuid, params, shards, resharding, unclean, p, routingFence, retiredTerm);
    }

    CollectionMeta withRoutingFence(long index) {
        return new CollectionMeta(name, uuid, params, shards, resharding, unclean, promotion, index, retiredTerm);
    }

    CollectionMeta withUnclean(SortedSet<Integer> u) {
        return new CollectionMeta(name, uuid, params, shards, resharding, u, promotion, routingFence, retiredTerm);
    }

    /**
     * The ring of a collection sharded automatically (see {@link #ring(ShardKey)}).
     */
    public List<Integer> ring() {
        return ring(null);
    }

    /**
     * The ring the points of shard key {@code key} (null: of an automatically sharded collection) are spread over
     * outside a resharding: the key's shards, in id order. A resharding's new shard joins it (and a removed one
     * leaves it) only when the resharding finishes. Empty when the key has no shards.
     */
    public List<Integer> ring(ShardKey key) {
        if (resharding != null && Objects.equals(resharding.shardKey(), key)) {
            return resharding.oldRing();
        }
        return shards.values().stream().filter(s -> Objects.equals(s.key(), key)).map(ShardInfo::id).toList();
    }

    /** The ring readers of {@code key}'s points use now. */
    public List<Integer> readRing(ShardKey key) {
        return resharding != null && Objects.equals(resharding.shardKey(), key) ? resharding.readRing() : ring(key);
    }

    /** The ring writers of {@code key}'s points use now. */
    public List<Integer> writeRing(ShardKey key) {
        return resharding != null && Objects.equals(resharding.shardKey(), key) ? resharding.writeRing() : ring(key);
    }

    /** The shard keys of a collection sharded by key, in order; empty for one sharded automatically. */
    public SortedSet<ShardKey> keys() {
        TreeSet<ShardKey> out = new TreeSet<>();
        shards.values().stream().map(ShardInfo::key).filter(Objects::nonNull).forEach(out::add);
        return out;
    }

    /** The shard key of shard {@code id}: null for an automatically sharded collection (or an unknown shard). */
    public ShardKey keyOf(int id) {
        ShardInfo s = shards.get(id);
        return s != null ? s.key() : resharding != null && resharding.shardId() == id ? resharding.shardKey() : null;
    }

    /**
     * Whether a shard's reads must keep only the points the read ring puts on it: while a resharding runs, and
     * until every shard has deleted what a finished one moved away.
     */
    public boolean readsFiltered() {
        return resharding != null || !unclean.isEmpty();
    }
}
