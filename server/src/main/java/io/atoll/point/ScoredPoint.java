package io.atoll.point;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A point as a read returns it: score is null for retrieve and scroll, payload null when not requested, vectors
 * empty when not requested, shard key null unless the collection is sharded by key (the coordinator sets it from
 * the shard the point was read from).
 */
public record ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, float[]> vectors,
                          ShardKey shardKey) {
    public ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, float[]> vectors) {
        this(id, version, score, payload, vectors, null);
    }

    public ScoredPoint withScore(float s) {
        return new ScoredPoint(id, version, s, payload, vectors, shardKey);
    }

    public ScoredPoint withPayload(ObjectNode p) {
        return new ScoredPoint(id, version, score, p, vectors, shardKey);
    }

    public ScoredPoint withVectors(Map<String, float[]> v) {
        return new ScoredPoint(id, version, score, payload, v, shardKey);
    }

    public ScoredPoint withShardKey(ShardKey k) {
        return new ScoredPoint(id, version, score, payload, vectors, k);
    }
}
