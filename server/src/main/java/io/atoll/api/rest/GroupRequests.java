package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.GroupedQuery;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.point.VectorSelector;
import io.atoll.query.QueryStage;
import io.atoll.query.SearchHints;
import io.atoll.query.StageScoring;
import io.atoll.query.UniversalQuery;
import io.atoll.query.VectorInput;
import io.atoll.query.VectorQuery;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses and runs the groups endpoints (query, search and recommend groups), for REST and gRPC alike: the query
 * part is read by the endpoint's own parser once the group fields are taken out. Stateless.
 */
public final class GroupRequests {
    private static final List<String> GROUP_FIELDS = List.of("group_by", "group_size", "limit", "with_lookup");

    private GroupRequests() {
    }

    public record Parsed(QueryRunner.Parsed query, String groupBy, int groupSize, int limit,
                         GroupedQuery.Lookup lookup) {
    }

    /** POST /points/query/groups: a universal query without an offset. */
    public static Parsed query(ObjectNode body) {
        ObjectNode groups = take(body, false);
        return parsed(groups, QueryRunner.parse(body));
    }

    /** POST /points/search/groups: the older search body; {@code limit} counts groups and is required. */
    public static Parsed search(ObjectNode body) {
        ObjectNode groups = take(body, true);
        body.put("limit", groups.get("limit").asInt());
        VectorQuery q = ReadParser.search(body);
        QueryStage stage = new QueryStage(List.of(), new StageScoring.Nearest(new VectorInput.Given(q.vector())),
                q.using(), q.filter(), q.scoreThreshold(), q.limit(), new SearchHints(q.hnswEf(), q.exact(),
                q.quantization(), q.acornMaxSelectivity()), null);
        return parsed(groups, new QueryRunner.Parsed(new UniversalQuery(stage, 0, q.withPayload(), q.withVector()),
                ShardKeyParser.selector(body)));
    }

    /** POST /points/recommend/groups: the older recommend body; {@code limit} counts groups and is required. */
    public static Parsed recommend(ObjectNode body) {
        ObjectNode groups = take(body, true);
        body.put("limit", groups.get("limit").asInt());
        return parsed(groups, ExampleRequestParser.recommend(body));
    }

    public static List<GroupedQuery.Group> run(Collection c, Function<String, Collection> collections, Parsed g,
                                               ReadConsistency consistency) {
        QueryRunner.Parsed q = g.query();
        return GroupedQuery.run(c, collections, q.query(), g.groupBy(), g.groupSize(), g.limit(), g.lookup(),
                consistency, q.keys());
    }

    /** Moves the group fields out of {@code body} into their own object, checked. */
    private static ObjectNode take(ObjectNode body, boolean limitRequired) {
        if (body.has("offset")) {
            throw JsonInput.formatError("unknown field `offset` in groups request: groups have no offset");
        }
        ObjectNode groups = body.objectNode();
        for (String field : GROUP_FIELDS) {
            if (body.has(field)) {
                groups.set(field, body.remove(field));
            }
        }
        String key = JsonInput.path(JsonInput.required(groups, "group_by"), "group_by");
        if (key.isEmpty()) {
            throw JsonInput.validationError("group_by: must not be empty");
        }
        JsonInput.optInt(groups, "group_size", 3, 1, ReadParser.MAX_RESULTS);
        if (limitRequired) {
            JsonInput.required(groups, "limit");
        }
        int limit = JsonInput.optInt(groups, "limit", 10, 1, ReadParser.MAX_RESULTS);
        groups.put("limit", limit);
        return groups;
    }

    private static Parsed parsed(ObjectNode groups, QueryRunner.Parsed query) {
        int size = JsonInput.optInt(groups, "group_size", 3, 1, ReadParser.MAX_RESULTS);
        int limit = groups.get("limit").asInt();
        if ((long) size * limit > ReadParser.MAX_RESULTS) {
            throw AtollException.badRequest("Bad request: limit × group_size must not exceed "
                    + ReadParser.MAX_RESULTS);
        }
        return new Parsed(query, groups.get("group_by").asText(), size, limit, lookup(groups.get("with_lookup")));
    }

    private static GroupedQuery.Lookup lookup(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return new GroupedQuery.Lookup(n.asText(), PayloadSelector.ALL, VectorSelector.NONE);
        }
        ObjectNode o = JsonInput.object(n, "with_lookup");
        JsonInput.alias(o, "with_vector", "with_vectors");
        JsonInput.allowOnly(o, "with_lookup", Set.of("collection", "with_payload", "with_vectors"));
        return new GroupedQuery.Lookup(JsonInput.text(JsonInput.required(o, "collection"), "with_lookup.collection"),
                ReadParser.withPayload(o.get("with_payload"), PayloadSelector.ALL),
                ReadParser.withVector(o.get("with_vectors")));
    }
}
