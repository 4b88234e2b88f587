package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.query.StageScoring;
import io.atoll.query.VectorInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the {@code query} of a query stage (Qdrant's QueryInterface): a vector or a point id (nearest), or an
 * object naming its kind: {@code nearest}, {@code fusion}, {@code rrf}, {@code recommend}, {@code discover},
 * {@code context}, {@code relevance_feedback}, {@code sample}, {@code formula} or {@code order_by}. Stateless.
 */
final class QueryInterfaceParser {
    private QueryInterfaceParser() {
    }

    /** The stage's scoring, or null when it has no query. */
    static StageScoring scoring(JsonNode q, String field) {
        if (q == null || q.isNull()) {
            return null;
        }
        if (!q.isObject() || q.has("indices") || q.has("model")) {
            return new StageScoring.Nearest(vectorInput(q, field));
        }
        ObjectNode o = (ObjectNode) q;
        if (o.has("nearest")) {
            JsonInput.allowOnly(o, field, Set.of("nearest", "mmr"));
            return new StageScoring.Nearest(vectorInput(o.get("nearest"), field + ".nearest"),
                    mmr(o.get("mmr"), field + ".mmr"));
        }
        if (o.has("formula")) {
            JsonInput.allowOnly(o, field, Set.of("formula", "defaults"));
            return new StageScoring.Formula(FormulaParser.expression(o.get("formula"), field + ".formula"),
                    FormulaParser.defaults(o.get("defaults"), field + ".defaults"));
        }
        if (o.size() != 1) {
            throw formatError("`" + field + "` must be a vector, a point id or an object with one kind of query "
                    + "(such as {\"nearest\": ...} or {\"fusion\": \"rrf\"}), got " + JsonInput.describe(q));
        }
        String kind = o.fieldNames().next();
        return switch (kind) {
            case "fusion" -> fusion(o.get("fusion"), field + ".fusion");
            case "rrf" -> rrf(o.get("rrf"), field + ".rrf");
            case "recommend" -> recommend(o.get("recommend"), field + ".recommend");
            case "discover" -> discover(o.get("discover"), field + ".discover");
            case "context" -> new StageScoring.Context(pairs(o.get("context"), field + ".context"));
            case "relevance_feedback" -> feedback(o.get("relevance_feedback"), field + ".relevance_feedback");
            case "sample" -> {
                String how = JsonInput.text(o.get("sample"), field + ".sample");
                if (!how.equals("random")) {
                    throw formatError("`" + field + ".sample`: unknown variant `" + how + "`, expected `random`");
                }
                yield new StageScoring.Sample();
            }
            case "order_by" -> {
                StageScoring.OrderBy order = ScrollRequests.orderBy(o.get("order_by"), field + ".order_by");
                if (order == null) {
                    throw formatError("`" + field + ".order_by` must be a key or {\"key\": ...}, got null");
                }
                yield order;
            }
            default -> throw formatError("`" + field + "`: unknown query kind `" + kind + "`; give a vector, a point "
                    + "id, {\"nearest\": ...}, {\"fusion\": ...} or {\"rrf\": ...}");
        };
    }

    private static VectorInput vectorInput(JsonNode v, String field) {
        if (v == null) {
            throw formatError("missing field `" + field + "`");
        }
        InferenceInputs.refuse(v, field);
        if (v.isArray() || v.isObject() && (v.has("indices") || v.has("values"))) {
            // dense, multi (an array of arrays) or sparse; the collection checks it fits the vector searched
            return new VectorInput.Given(VectorValueParser.value(v, field, field));
        }
        if (v.isIntegralNumber() || v.isTextual()) {
            return new VectorInput.Stored(PointParser.id(v, field));
        }
        throw formatError("`" + field + "` must be a vector, a point id or {\"nearest\": ...}, got "
                + JsonInput.describe(v));
    }

    private static StageScoring.Mmr mmr(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("diversity", "candidates_limit"));
        float diversity = StageScoring.Mmr.DEFAULT_DIVERSITY;
        if (JsonInput.present(o, "diversity")) {
            double d = JsonInput.doubleValue(o.get("diversity"), field + ".diversity");
            if (d < 0 || d > 1) {
                throw JsonInput.validationError(field + ".diversity: value " + d + " invalid, must be from 0.0 to 1.0");
            }
            diversity = (float) d;
        }
        Integer candidates = JsonInput.optInteger(o, "candidates_limit", 0, StageScoring.Mmr.MAX_CANDIDATES);
        return new StageScoring.Mmr(diversity, candidates);
    }

    private static StageScoring recommend(JsonNode n, String field) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("positive", "negative", "strategy"));
        List<VectorInput> positives = inputs(o.get("positive"), field + ".positive");
        List<VectorInput> negatives = inputs(o.get("negative"), field + ".negative");
        if (positives.isEmpty() && negatives.isEmpty()) {
            throw JsonInput.validationError("positives, negatives: At least one positive or negative vector/id must "
                    + "be provided");
        }
        StageScoring.Strategy strategy = StageScoring.Strategy.AVERAGE_VECTOR;
        if (JsonInput.present(o, "strategy")) {
            String name = JsonInput.text(o.get("strategy"), field + ".strategy");
            strategy = switch (name) {
                case "average_vector" -> StageScoring.Strategy.AVERAGE_VECTOR;
                case "best_score" -> StageScoring.Strategy.BEST_SCORE;
                case "sum_scores" -> StageScoring.Strategy.SUM_SCORES;
                default -> throw formatError("`" + field + ".strategy`: unknown variant `" + name
                        + "`, expected one of `average_vector`, `best_score`, `sum_scores`");
            };
        }
        return new StageScoring.Recommend(positives, negatives, strategy);
    }

    private static StageScoring feedback(JsonNode n, String field) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("target", "feedback", "strategy"));
        VectorInput target = vectorInput(o.get("target"), field + ".target");
        List<StageScoring.Rated> rated = new ArrayList<>();
        List<JsonNode> items = JsonInput.array(JsonInput.required(o, "feedback"), field + ".feedback");
        for (int i = 0; i < items.size(); i++) {
            String at = field + ".feedback[" + i + "]";
            ObjectNode item = JsonInput.object(items.get(i), at);
            JsonInput.allowOnly(item, at, Set.of("example", "score"));
            rated.add(new StageScoring.Rated(vectorInput(item.get("example"), at + ".example"),
                    finite(JsonInput.required(item, "score"), at + ".score")));
        }
        ObjectNode strategy = JsonInput.object(JsonInput.required(o, "strategy"), field + ".strategy");
        JsonInput.allowOnly(strategy, field + ".strategy", Set.of("naive"));
        ObjectNode naive = JsonInput.object(JsonInput.required(strategy, "naive"), field + ".strategy.naive");
        JsonInput.allowOnly(naive, field + ".strategy.naive", Set.of("a", "b", "c"));
        String at = field + ".strategy.naive.";
        float b = finite(JsonInput.required(naive, "b"), at + "b");
        if (b < 0) {
            throw JsonInput.validationError(at + "b: value " + b + " invalid, must be 0.0 or more");
        }
        return new StageScoring.Feedback(target, rated, finite(JsonInput.required(naive, "a"), at + "a"), b,
                finite(JsonInput.required(naive, "c"), at + "c"));
    }

    private static float finite(JsonNode n, String field) {
        float f = (float) JsonInput.doubleValue(n, field);
        if (!Float.isFinite(f)) {
            throw formatError("`" + field + "` = " + n.asText() + " is not a finite 32-bit float");
        }
        return f;
    }

    private static List<VectorInput> inputs(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<VectorInput> out = new ArrayList<>();
        List<JsonNode> items = JsonInput.array(n, field);
        for (int i = 0; i < items.size(); i++) {
            out.add(vectorInput(items.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static StageScoring discover(JsonNode n, String field) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("target", "context"));
        return new StageScoring.Discover(vectorInput(o.get("target"), field + ".target"),
                pairs(o.get("context"), field + ".context"));
    }

    /** One pair or a list of them; null or absent for none. */
    private static List<StageScoring.Pair> pairs(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<JsonNode> items = n.isArray() ? JsonInput.array(n, field) : List.of(n);
        List<StageScoring.Pair> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = field + (n.isArray() ? "[" + i + "]" : "");
            ObjectNode pair = JsonInput.object(items.get(i), at);
            JsonInput.allowOnly(pair, at, Set.of("positive", "negative"));
            out.add(new StageScoring.Pair(vectorInput(pair.get("positive"), at + ".positive"),
                    vectorInput(pair.get("negative"), at + ".negative")));
        }
        return out;
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
                weights.add(finite(w, field + ".weights[]"));
            }
        }
        return new StageScoring.Rrf(k, weights);
    }
}
