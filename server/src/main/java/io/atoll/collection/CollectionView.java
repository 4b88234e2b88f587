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
 * shards and the peers' addresses. Immutable; a collection swaps its view whole when the image changes, so a
 * request sees one consistent layout from start to end.
 *
 * @param index the index of the image this view was taken from
 */
public record CollectionView(CollectionMeta meta, ShardRouter router, SortedMap<Long, PeerInfo> peers, long self,
                             long index) {

    public static CollectionView of(CollectionMeta meta, ClusterImage image, long self) {
        return new CollectionView(meta, new ShardRouter(meta.params().shardNumber()), image.peers(), self,
                image.appliedIndex());
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

    /** Items grouped by the shard their id routes to, each group made into {@code part}; by shard id. */
    public <T, P> Map<Integer, P> byShard(List<T> items, Function<T, PointId> id, Function<List<T>, P> part) {
        Map<Integer, List<T>> parts = new TreeMap<>();
        for (T t : items) {
            parts.computeIfAbsent(router.shardOf(id.apply(t)), k -> new ArrayList<>()).add(t);
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
