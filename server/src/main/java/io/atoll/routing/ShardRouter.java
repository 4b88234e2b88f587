package io.atoll.routing;

import io.atoll.point.PointId;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Routes a point id to a shard of a ring: hash, then jump consistent hash onto the ring's positions, each holding
 * a shard id. A ring grows by appending a shard and shrinks by dropping its last one, so a resharding moves only
 * the points of that one shard (ARCHITECTURE.md section 8). Immutable.
 */
public record ShardRouter(List<Integer> ring) {
    public ShardRouter {
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one shard");
        }
        ring = List.copyOf(ring);
    }

    /** The ring of shards 0 to {@code shards - 1}. */
    public static ShardRouter contiguous(int shards) {
        if (shards <= 0) {
            throw new IllegalArgumentException("shard_number must be positive: " + shards);
        }
        return new ShardRouter(IntStream.range(0, shards).boxed().toList());
    }

    public int shardOf(PointId id) {
        return shardOf(PointHasher.hash(id));
    }

    /** The shard of the id whose {@link PointHasher} hash is {@code hash}. */
    public int shardOf(long hash) {
        return ring.get(JumpHash.bucket(hash, ring.size()));
    }
}
