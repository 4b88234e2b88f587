package io.atoll.shard.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.point.VectorValue;
import java.util.Map;
import java.util.TreeMap;

/** Small builders shared by the engine tests. */
final class EngineFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private EngineFixtures() {
    }

    static CollectionParams params(int dim, Distance distance) {
        TreeMap<String, VectorParams> vectors = new TreeMap<>();
        vectors.put(PointStruct.DEFAULT_VECTOR, new VectorParams(dim, distance, null, false));
        return new CollectionParams(vectors, false, 1, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null);
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PointStruct point(long id, float[] v, String payloadJson) {
        return new PointStruct(PointId.of(id), VectorValue.dense(Map.of(PointStruct.DEFAULT_VECTOR, v)),
                json(payloadJson));
    }
}
