package io.atoll.routing;

import io.atoll.point.PointId;

/** Routes a point id to one of a collection's shards: hash, then jump consistent hash. Immutable. */
public record ShardRouter(int shardNumber) {
    public ShardRouter {
        if (shardNumber <= 0) {
            throw new IllegalArgumentException("shard_number must be positive: " + shardNumber);
        }
    }

    public int shardOf(PointId id) {
        return JumpHash.bucket(PointHasher.hash(id), shardNumber);
    }
}
