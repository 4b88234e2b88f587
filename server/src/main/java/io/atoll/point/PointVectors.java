package io.atoll.point;

import java.util.Map;

/** New values for some of a point's named vectors (the update-vectors operation). */
public record PointVectors(PointId id, Map<String, VectorValue> vectors) {
    public PointVectors {
        vectors = Map.copyOf(vectors);
    }
}
