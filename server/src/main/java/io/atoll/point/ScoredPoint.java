package io.atoll.point;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A point as a read returns it: score is null for retrieve and scroll, payload null when not requested, vectors
 * empty when not requested.
 */
public record ScoredPoint(PointId id, long version, Float score, ObjectNode payload, Map<String, float[]> vectors) {
    public ScoredPoint withScore(float s) {
        return new ScoredPoint(id, version, s, payload, vectors);
    }
}
