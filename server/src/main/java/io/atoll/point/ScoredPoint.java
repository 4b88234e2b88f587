package io.atoll.point;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A point as a read returns it: score is null for retrieve and scroll, payload null when not requested, vectors
 * empty when not requested, shard key null unless the collection is sharded by key (the coordinator sets it from
 * the shard the point was read from), order value null unless the point was read in the order of a payload key
 * (order_by: a Long, or a Double for a float key; the coordinator sets it, so it is left out of the encoding when
 * null and peers' answers keep the shape older versions read).
 */
public record ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, VectorValue> vectors,
                          ShardKey shardKey, @JsonInclude(JsonInclude.Include.NON_NULL) Object orderValue) {
    public ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, VectorValue> vectors) {
        this(id, version, score, payload, vectors, null, null);
    }

    public ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, VectorValue> vectors,
                       ShardKey shardKey) {
        this(id, version, score, payload, vectors, shardKey, null);
    }

    public ScoredPoint withScore(float s) {
        return new ScoredPoint(id, version, s, payload, vectors, shardKey, orderValue);
    }

    public ScoredPoint withPayload(ObjectNode p) {
        return new ScoredPoint(id, version, score, p, vectors, shardKey, orderValue);
    }

    public ScoredPoint withVectors(Map<String, VectorValue> v) {
        return new ScoredPoint(id, version, score, payload, v, shardKey, orderValue);
    }

    public ScoredPoint withShardKey(ShardKey k) {
        return new ScoredPoint(id, version, score, payload, vectors, k, orderValue);
    }

    public ScoredPoint withOrderValue(Object v) {
        return new ScoredPoint(id, version, score, payload, vectors, shardKey, v);
    }
}
