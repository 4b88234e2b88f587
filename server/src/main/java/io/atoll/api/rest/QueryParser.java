package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.query.LookupFrom;
import io.atoll.query.QueryStage;
import io.atoll.query.StageScoring;
import io.atoll.query.UniversalQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses POST /points/query bodies (Qdrant's QueryRequest) into a {@link UniversalQuery}: the root stage, its
 * nested prefetches, and Qdrant's checks of how they combine, with Qdrant's texts. Stateless.
 */
final class QueryParser {
    private static final Set<String> STAGE_FIELDS = Set.of("prefetch", "query", "using", "filter", "params",
            "score_threshold", "limit", "lookup_from");
    private static final Set<String> ROOT_FIELDS = Set.of("prefetch", "query", "using", "filter", "params",
            "score_threshold", "limit", "lookup_from", "offset", "with_payload", "with_vector", "shard_key");

    private QueryParser() {
    }

    static UniversalQuery query(ObjectNode body) {
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "query request", ROOT_FIELDS);
        int limit = JsonInput.optInt(body, "limit", 10, 0, ReadParser.MAX_RESULTS);
        int offset = JsonInput.optInt(body, "offset", 0, 0, ReadParser.MAX_RESULTS);
        ReadParser.checkLimits(limit, offset);
        int depth = depth(body);
        if (depth > QueryStage.MAX_DEPTH) {
            throw AtollException.badRequest("Wrong input: Validation failed: prefetches depth " + depth
                    + " exceeds max depth " + QueryStage.MAX_DEPTH);
        }
        QueryStage root = stage(body, "", limit);
        return new UniversalQuery(root, offset, ReadParser.withPayload(body.get("with_payload"), PayloadSelector.NONE),
                ReadParser.withVector(body.get("with_vector")));
    }

    /** One stage; {@code where} is its path in the body ("" for the root, "prefetch[0]." and deeper below it). */
    private static QueryStage stage(ObjectNode o, String where, int limit) {
        List<QueryStage> prefetches = prefetches(o.get("prefetch"), where + "prefetch");
        StageScoring scoring = QueryInterfaceParser.scoring(o.get("query"), where + "query");
        String using = JsonInput.present(o, "using") ? JsonInput.text(o.get("using"), where + "using") : null;
        Float threshold = JsonInput.present(o, "score_threshold")
                ? (float) JsonInput.doubleValue(o.get("score_threshold"), where + "score_threshold") : null;
        check(prefetches, scoring, using, threshold);
        return new QueryStage(prefetches, scoring, using, FilterParser.optional(o.get("filter")), threshold, limit,
                ReadParser.hints(o), lookupFrom(o.get("lookup_from"), where + "lookup_from"));
    }

    /** How deep prefetches nest under {@code o}: 0 without any (Qdrant's prefetches_depth). */
    private static int depth(JsonNode o) {
        JsonNode p = o.get("prefetch");
        if (p == null || !(p.isObject() || p.isArray())) {
            return 0;
        }
        int deepest = 0;
        Iterable<JsonNode> children = p.isArray() ? p : List.of(p);
        for (JsonNode child : children) {
            deepest = Math.max(deepest, child.isObject() ? depth(child) : 0);
        }
        return 1 + deepest;
    }

    private static List<QueryStage> prefetches(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<JsonNode> items = n.isArray() ? JsonInput.array(n, field) : List.of(n);
        List<QueryStage> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = field + (n.isArray() ? "[" + i + "]" : "");
            ObjectNode p = JsonInput.object(items.get(i), at);
            JsonInput.allowOnly(p, at, STAGE_FIELDS);
            int limit = JsonInput.present(p, "limit")
                    ? JsonInput.intValue(p.get("limit"), at + ".limit", 1, ReadParser.MAX_RESULTS) : 10;
            out.add(stage(p, at + ".", limit));
        }
        return out;
    }

    /** Qdrant's checks of a stage's parts against each other (collection_query.rs, planned_query.rs). */
    private static void check(List<QueryStage> prefetches, StageScoring scoring, String using, Float threshold) {
        if (!prefetches.isEmpty() && scoring == null) {
            throw AtollException.badRequest("Bad request: A query is needed to merge the prefetches. Can't have "
                    + "prefetches without defining a query.");
        }
        if (threshold != null && scoring == null) {
            throw AtollException.badRequest("Bad request: A query is needed to use the score_threshold. Can't have "
                    + "score_threshold without defining a query.");
        }
        if (threshold != null && scoring instanceof StageScoring.OrderBy) {
            // every point an ordering returns scores 1.0: a threshold could only keep all or none
            throw AtollException.badRequest("Bad request: Can't use score_threshold with an order_by query.");
        }
        boolean fusion = scoring != null && scoring.fuses();
        if (fusion && using != null && !using.isEmpty()) {
            throw AtollException.badRequest("Bad request: Fusion queries cannot be combined with the 'using' field.");
        }
        if (fusion && prefetches.isEmpty()) {
            throw AtollException.badRequest("Wrong input: Validation failed: cannot apply Fusion without prefetches");
        }
        if (scoring instanceof StageScoring.Formula && prefetches.isEmpty()) {
            throw AtollException.badRequest("Wrong input: Validation failed: cannot apply Formula without prefetches");
        }
        if (scoring instanceof StageScoring.Rrf(int k, List<Float> weights) && weights != null
                && weights.size() != prefetches.size()) {
            throw AtollException.badRequest("Wrong input: Validation failed: Number of weights in RRF should match "
                    + "number of pre-fetches: got " + weights.size() + ", expected " + prefetches.size());
        }
    }

    static LookupFrom lookupFrom(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("collection", "vector", "shard_key"));
        String collection = JsonInput.text(JsonInput.required(o, "collection"), field + ".collection");
        if (collection.isEmpty()) {
            throw formatError("`" + field + ".collection` must not be empty");
        }
        String vector = JsonInput.present(o, "vector") ? JsonInput.text(o.get("vector"), field + ".vector") : null;
        return new LookupFrom(collection, vector, ShardKeyParser.selector(o));
    }
}
