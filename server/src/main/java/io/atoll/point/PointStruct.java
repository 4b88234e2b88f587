package io.atoll.point;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A point as stored: id, named vectors of any kind, dense, sparse or multi (the unnamed vector is named
 * {@link #DEFAULT_VECTOR}), and a JSON object payload. Treated as immutable: the payload node is never modified
 * after construction.
 */
public record PointStruct(PointId id, Map<String, VectorValue> vectors, ObjectNode payload) {

    /** Qdrant's name for the single unnamed vector of a collection. */
    public static final String DEFAULT_VECTOR = "";

    public PointStruct {
        vectors = Map.copyOf(vectors);
    }
}
