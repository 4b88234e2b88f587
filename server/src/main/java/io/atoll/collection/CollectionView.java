package io.atoll.collection;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.point.PointId;
import io.atoll.point.ShardKey;
import io.atoll.routing.ShardRouter;
import io.atoll.schema.CollectionParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A collection as one image describes it, with what a coordinator derives from it: the routing of point ids to
 * shards (writes and reads each by their ring, which differ while a resharding runs; one ring per shard key in a
 * collection sharded by key) and the peers' addresses. Immutable; a collection swaps its view whole when the image
 * changes, so a request sees one consistent layout from start to end.
 *
 * @param writeRouters routes writes, by shard key (the null key for an automatically sharded collection)
 * @param readRouters  routes reads of points by id, by shard key
 * @param index        the index of the image this view was taken from
 */
public record CollectionView(CollectionMeta meta, Map<ShardKey, ShardRouter> writeRouters,
                             Map<ShardKey, ShardRouter> readRouters, SortedMap<Long, PeerInfo> peers, long self,
                             long index) {

    public static CollectionView of(CollectionMeta meta, ClusterImage image, long self) {
        Map<ShardKey, ShardRouter> write = new HashMap<>();
        Map<ShardKey, ShardRouter> read = new HashMap<>();
        List<ShardKey> keys = meta.params().customSharding() ? List.copyOf(meta.keys()) : Collections.singletonList(null);
        for (ShardKey k : keys) {
            // A key's ring is never empty (a key is created with its shards, and resharding keeps one), but an
            // automatically sharded collection's image may momentarily have no shards while it is being dropped.
            List<Integer> ring = meta.writeRing(k);
            if (!ring.isEmpty()) {
                write.put(k, new ShardRouter(ring));
                read.put(k, new ShardRouter(meta.readRing(k)));
            }
        }
        return new CollectionView(meta, Collections.unmodifiableMap(write), Collections.unmodifiableMap(read),
                image.peers(), self, image.appliedIndex());
    }

    /** The shards writes of {@code key}'s points go to: those of its write ring. */
    public List<Integer> writeShards(ShardKey key) {
        ShardRouter r = writeRouters.get(key);
        return r == null ? List.of() : r.ring();
    }

    /** The shards reads of {@code key}'s points go to: those of its read ring. */
    public List<Integer> readShards(ShardKey key) {
        ShardRouter r = readRouters.get(key);
        return r == null ? List.of() : r.ring();
    }

    /** The read ring shard {@code shard} is on: what its reads keep points by while they are filtered. */
    public List<Integer> readRingOf(int shard) {
        return readShards(meta.keyOf(shard));
    }

    /** The keys this view routes: the shard keys, or the null key alone for an automatically sharded collection. */
    public java.util.Set<ShardKey> routedKeys() {
        return readRouters.keySet();
    }

    public String name() {
        return meta.name();
    }

    public CollectionParams params() {
        return meta.params();
    }

    public ShardInfo shard(int id) {
        return meta.shard(id);
    }

    /** Items grouped by the shard writes of their id under {@code key} go to, each group made into {@code part}. */
    public <T, P> Map<Integer, P> byShard(ShardKey key, List<T> items, Function<T, PointId> id,
                                          Function<List<T>, P> part) {
        return group(writeRouters.get(key), items, id, part);
    }

    /**
     * Items grouped by the shard reads of their id go to under each of {@code keys} (an id may be under several
     * keys: each is a point of its own), each group made into {@code part}; by shard id.
     */
    public <T, P> Map<Integer, P> byReadShard(List<ShardKey> keys, List<T> items, Function<T, PointId> id,
                                              Function<List<T>, P> part) {
        Map<Integer, P> out = new TreeMap<>();
        for (ShardKey k : keys) {
            ShardRouter r = readRouters.get(k);
            if (r != null) {
                out.putAll(group(r, items, id, part));
            }
        }
        return out;
    }

    private static <T, P> Map<Integer, P> group(ShardRouter r, List<T> items, Function<T, PointId> id,
                                                Function<List<T>, P> part) {
        Map<Integer, List<T>> parts = new TreeMap<>();
        for (T t : items) {
            parts.computeIfAbsent(r.shardOf(id.apply(t)), k -> new ArrayList<>()).add(t);
        }
        Map<Integer, P> out = new TreeMap<>();
        parts.forEach((shard, list) -> out.put(shard, part.apply(list)));
        return out;
    }

    /** The peer URL of {@code peer}; unavailable when it left the cluster. */
    public String peerUri(long peer) {
        PeerInfo p = peers.get(peer);
        if (p == null) {
            throw AtollException.unavailable("peer " + peer + " is not in the cluster");
        }
        return p.uri();
    }
}
