package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.DistanceMatrix;
import io.atoll.point.PointStruct;
import java.util.Set;

/** Parses and runs /points/search/matrix/{pairs,offsets} (Qdrant's SearchMatrixRequest), for REST and gRPC. */
public final class MatrixRequests {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MatrixRequests() {
    }

    public static DistanceMatrix.Result run(Collection c, ObjectNode body, ReadConsistency consistency) {
        JsonInput.allowOnly(body, "matrix request", Set.of("filter", "sample", "limit", "using", "shard_key"));
        int sample = JsonInput.optInt(body, "sample", 10, 2, DistanceMatrix.MAX_SAMPLE);
        int limit = JsonInput.optInt(body, "limit", 3, 1, ReadParser.MAX_RESULTS);
        String using = JsonInput.present(body, "using") ? JsonInput.text(body.get("using"), "using")
                : PointStruct.DEFAULT_VECTOR;
        return DistanceMatrix.run(c, FilterParser.orEmpty(body.get("filter")), sample, limit, using, consistency,
                ShardKeyParser.selector(body));
    }

    static ObjectNode pairs(DistanceMatrix.Result m) {
        ObjectNode out = F.objectNode();
        ArrayNode pairs = out.putArray("pairs");
        for (int row = 0; row < m.ids().size(); row++) {
            for (int i = 0; i < m.columns().get(row).length; i++) {
                ObjectNode p = pairs.addObject();
                p.set("a", ResponseJson.id(m.ids().get(row)));
                p.set("b", ResponseJson.id(m.ids().get(m.columns().get(row)[i])));
                p.put("score", m.scores().get(row)[i]);
            }
        }
        return out;
    }

    static ObjectNode offsets(DistanceMatrix.Result m) {
        ObjectNode out = F.objectNode();
        ArrayNode rows = out.putArray("offsets_row");
        ArrayNode cols = out.putArray("offsets_col");
        ArrayNode scores = out.putArray("scores");
        for (int row = 0; row < m.ids().size(); row++) {
            for (int i = 0; i < m.columns().get(row).length; i++) {
                rows.add(row);
                cols.add(m.columns().get(row)[i]);
                scores.add(m.scores().get(row)[i]);
            }
        }
        ArrayNode ids = out.putArray("ids");
        m.ids().forEach(id -> ids.add(ResponseJson.id(id)));
        return out;
    }
}
