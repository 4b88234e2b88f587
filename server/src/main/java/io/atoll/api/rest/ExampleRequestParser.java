package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.query.QueryStage;
import io.atoll.query.StageScoring;
import io.atoll.query.UniversalQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the older POST /points/recommend and /points/discover bodies, which Qdrant's clients still call, into
 * the universal query they stand for (Qdrant serves them the same way): one stage scoring by examples. Stateless.
 */
final class ExampleRequestParser {
    private static final Set<String> COMMON = Set.of("filter", "params", "limit", "offset", "with_payload",
            "with_vector", "score_threshold", "using", "lookup_from", "shard_key");

    private ExampleRequestParser() {
    }

    static QueryRunner.Parsed recommend(ObjectNode body) {
        JsonInput.alias(body, "top", "limit");
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "recommend request", union("positive", "negative", "strategy"));
        ObjectNode input = body.objectNode();
        for (String field : List.of("positive", "negative", "strategy")) {
            if (body.has(field)) {
                input.set(field, body.get(field));
            }
        }
        String strategy = JsonInput.optText(body, "strategy");
        boolean none = isEmpty(body.get("positive")) && isEmpty(body.get("negative"));
        if (isEmpty(body.get("positive")) && (strategy == null || strategy.equals("average_vector"))) {
            throw AtollException.badRequest("Bad request: At least one positive vector ID required with this strategy");
        }
        if (none) {
            throw AtollException.badRequest("Bad request: At least one positive or negative vector ID required with "
                    + "this strategy");
        }
        return parsed(body, QueryInterfaceParser.scoring(body.objectNode().set("recommend", input), "recommend"));
    }

    static QueryRunner.Parsed discover(ObjectNode body) {
        JsonInput.alias(body, "top", "limit");
        JsonInput.alias(body, "with_vectors", "with_vector");
        JsonInput.allowOnly(body, "discover request", union("target", "context"));
        boolean target = JsonInput.present(body, "target");
        if (!target && isEmpty(body.get("context"))) {
            throw AtollException.badRequest("Bad request: target and/or context_pairs must be specified");
        }
        ObjectNode query = body.objectNode();
        if (target) {
            ObjectNode d = query.putObject("discover");
            d.set("target", body.get("target"));
            d.set("context", body.get("context"));
        } else {
            query.set("context", body.get("context"));
        }
        return parsed(body, QueryInterfaceParser.scoring(query, "discover"));
    }

    private static QueryRunner.Parsed parsed(ObjectNode body, StageScoring scoring) {
        int limit = JsonInput.intValue(JsonInput.required(body, "limit"), "limit", 0, ReadParser.MAX_RESULTS);
        int offset = JsonInput.optInt(body, "offset", 0, 0, ReadParser.MAX_RESULTS);
        ReadParser.checkLimits(limit, offset);
        String using = JsonInput.optText(body, "using");
        Float threshold = JsonInput.present(body, "score_threshold")
                ? (float) JsonInput.doubleValue(body.get("score_threshold"), "score_threshold") : null;
        QueryStage stage = new QueryStage(List.of(), scoring, using, FilterParser.optional(body.get("filter")),
                threshold, limit, ReadParser.hints(body), QueryParser.lookupFrom(body.get("lookup_from"), "lookup_from"));
        return new QueryRunner.Parsed(new UniversalQuery(stage, offset,
                ReadParser.withPayload(body.get("with_payload"), PayloadSelector.NONE),
                ReadParser.withVector(body.get("with_vector"))), ShardKeyParser.selector(body));
    }

    private static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || (n.isArray() && n.isEmpty());
    }

    private static Set<String> union(String... own) {
        Set<String> out = new HashSet<>(COMMON);
        out.addAll(List.of(own));
        return out;
    }
}
