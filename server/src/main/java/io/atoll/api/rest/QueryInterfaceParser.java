package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.query.StageScoring;
import io.atoll.query.VectorInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the {@code query} of a query stage (Qdrant's QueryInterface): a vector or a point id (nearest), or an
 * object naming its kind: {@code nearest}, {@code fusion} or {@code rrf}. The kinds Atoll does not build yet are
 * refused by name. Stateless.
 */
final class QueryInterfaceParser {
    private static final Set<String> NOT_YET = Set.of("recommend", "discover", "context", "order_by", "formula",
            "sample", "relevance_feedback");

    private QueryInterfaceParser() {
    }

    /** The stage's scoring, or null when it has no query. */
    static StageScoring scoring(JsonNode q, String field) {
        if (q == null || q.isNull()) {
            return null;
        }
        InferenceInputs.refuse(q, field);
        if (!q.isObject() || q.has("indices")) {
            return new StageScoring.Nearest(vectorInput(q, field));
        }
        ObjectNode o = (ObjectNode) q;
        if (o.has("nearest")) {
            JsonInput.allowOnly(o, field, Set.of("nearest", "mmr"));
            if (o.has("mmr")) {
                throw notYet("nearest` with `mmr");
            }
            InferenceInputs.refuse(o.get("nearest"), field + ".nearest");
            return new StageScoring.Nearest(vectorInput(o.get("nearest"), field + ".nearest"));
        }
        if (o.size() != 1) {
            throw formatError("`" + field + "` must be a vector, a point id or an object with one kind of query "
                    + "(such as {\"nearest\": ...} or {\"fusion\": \"rrf\"}), got " + JsonInput.describe(q));
        }
        String kind = o.fieldNames().next();
        return switch (kind) {
            case "fusion" -> fusion(o.get("fusion"), field + ".fusion");
            case "rrf" -> rrf(o.get("rrf"), field + ".rrf");
            default -> throw NOT_YET.contains(kind) ? notYet(kind)
                    : formatError("`" + field + "`: unknown query kind `" + kind + "`; give a vector, a point id, "
                    + "{\"nearest\": ...}, {\"fusion\": ...} or {\"rrf\": ...}");
        };
    }

    private static AtollException notYet(String kind) {
        return AtollException.badRequest("Bad request: query `" + kind + "` is not supported by Atoll yet; give a "
                + "vector, a point id, {\"nearest\": ...}, {\"fusion\": ...} or {\"rrf\": ...}");
    }

    private static VectorInput vectorInput(JsonNode v, String field) {
        if (v.isArray()) {
            if (!v.isEmpty() && v.get(0).isArray()) {
                throw AtollException.badRequest("Bad request: `" + field + "` is a multivector, which Atoll does "
                        + "not support yet");
            }
            return new VectorInput.Given(JsonInput.vector(v, field));
        }
        if (v.isIntegralNumber() || v.isTextual()) {
            return new VectorInput.Stored(PointParser.id(v, field));
        }
        if (v.isObject() && v.has("indices")) {
            throw AtollException.badRequest("Bad request: `" + field + "` is a sparse vector, which Atoll does not "
                    + "support yet");
        }
        throw formatError("`" + field + "` must be a vector, a point id or {\"nearest\": ...}, got "
                + JsonInput.describe(v));
    }

    private static StageScoring fusion(JsonNode n, String field) {
        String name = JsonInput.text(n, field);
        return switch (name) {
            case "rrf" -> new StageScoring.Rrf(StageScoring.Rrf.DEFAULT_K, null);
            case "dbsf" -> new StageScoring.Dbsf();
            default -> throw formatError("`" + field + "`: unknown variant `" + name + "`, expected `rrf` or `dbsf`");
        };
    }

    private static StageScoring rrf(JsonNode n, String field) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("k", "weights"));
        int k = JsonInput.present(o, "k") ? JsonInput.intValue(o.get("k"), field + ".k", 1, Integer.MAX_VALUE)
                : StageScoring.Rrf.DEFAULT_K;
        List<Float> weights = null;
        if (JsonInput.present(o, "weights")) {
            weights = new ArrayList<>();
            for (JsonNode w : JsonInput.array(o.get("weights"), field + ".weights")) {
                float weight = (float) JsonInput.doubleValue(w, field + ".weights[]");
                if (!Float.isFinite(weight)) {
                    throw formatError("`" + field + ".weights[]` = " + w.asText() + " is not a finite 32-bit float");
                }
                weights.add(weight);
            }
        }
        return new StageScoring.Rrf(k, weights);
    }
}
