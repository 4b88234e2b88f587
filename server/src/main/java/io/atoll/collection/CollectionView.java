package io.atoll.collection;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.point.PointId;
import io.atoll.routing.ShardRouter;
import io.atoll.schema.CollectionParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A collection as one image describes it, with what a coordinator derives from it: the routing of point ids to
 * shards (writes and reads each by their ring, which differ while a resharding runs) and the peers' addresses.
 * Immutable; a collection swaps its view whole when the image changes, so a request sees one consistent layout
 * from start to end.
 *
 * @param router     routes writes (the write ring)
 * @param readRouter routes reads of points by id (the read ring)
 * @param index      the index of the image this view was taken from
 */
public record CollectionView(CollectionMeta meta, ShardRouter router, ShardRouter readRouter,
                             SortedMap<Long, PeerInfo> peers, long self, long index) {

    public static CollectionView of(CollectionMeta meta, ClusterImage image, long self) {
        return new CollectionView(meta, new ShardRouter(meta.writeRing()), new ShardRouter(meta.readRing()),
                image.peers(), self, image.appliedIndex());
    }

    /** The shards writes go to: those of the write ring. */
    public List<Integer> writeShards() {
        return router.ring();
    }

    /** The shards reads go to: those of the read ring. */
    public List<Integer> readShards() {
        return readRouter.ring();
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

    /** Items grouped by the shard writes of their id go to, each group made into {@code part}; by shard id. */
    public <T, P> Map<Integer, P> byShard(List<T> items, Function<T, PointId> id, Function<List<T>, P> part) {
        return group(router, items, id, part);
    }

    /** Items grouped by the shard reads of their id go to, each group made into {@code part}; by shard id. */
    public <T, P> Map<Integer, P> byReadShard(List<T> items, Function<T, PointId> id, Function<List<T>, P> part) {
        return group(readRouter, items, id, part);
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
