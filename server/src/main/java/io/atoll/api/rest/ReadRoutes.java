package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.routing.ShardSelector;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Retrieve, scroll, count, search and query. */
final class ReadRoutes {
    private static final String CONSISTENCY = "atoll.consistency";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;

    ReadRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.get("/collections/{name}/points/{id}", this::getPoint);
        r.post("/collections/{name}/points", this::retrieve);
        r.post("/collections/{name}/points/scroll", this::scroll);
        r.post("/collections/{name}/points/count", this::count);
        r.post("/collections/{name}/points/search", this::search);
        r.post("/collections/{name}/points/search/batch", this::searchBatch);
        r.post("/collections/{name}/points/query", this::query);
        r.post("/collections/{name}/points/query/batch", this::queryBatch);
    }

    private Collection collection(Context ctx) {
        ctx.attribute(CONSISTENCY, Http.readParams(ctx));
        return Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
    }

    private static ReadConsistency consistency(Context ctx) {
        ReadConsistency c = ctx.attribute(CONSISTENCY);
        return c == null ? ReadConsistency.ONE : c;
    }

    private void getPoint(Context ctx) {
        Collection c = collection(ctx);
        PointId id = PointParser.idFromPath(ctx.pathParam("id"));
        List<ScoredPoint> found = c.retrieve(List.of(id), PayloadSelector.ALL, VectorSelector.ALL, consistency(ctx),
                ShardSelector.NONE);
        if (found.isEmpty()) {
            throw AtollException.notFound("Point with id " + id + " does not exists!");
        }
        Http.ok(ctx, ResponseJson.record(found.getFirst(), c.params(), VectorSelector.ALL));
    }

    private void retrieve(Context ctx) {
        Collection c = collection(ctx);
        ObjectNode body = Http.body(ctx, false);
        ReadParser.Retrieve r = ReadParser.retrieve(body);
        Http.ok(ctx, ResponseJson.recordList(c.retrieve(r.ids(), r.withPayload(), r.withVector(), consistency(ctx),
                ShardKeyParser.selector(body)), c.params(), r.withVector()));
    }

    private void scroll(Context ctx) {
        Collection c = collection(ctx);
        ScrollRequests.Parsed q = ScrollRequests.parse(Http.body(ctx, true));
        ScrollRequests.Page page = ScrollRequests.run(c, q, consistency(ctx));
        ObjectNode result = F.objectNode();
        result.set("points", ResponseJson.recordList(page.points(), c.params(), q.query().withVector()));
        result.set("next_page_offset", page.nextOffset() == null ? null : ResponseJson.id(page.nextOffset()));
        Http.ok(ctx, result);
    }

    private void count(Context ctx) {
        Collection c = collection(ctx);
        ObjectNode body = Http.body(ctx, true);
        JsonInput.allowOnly(body, "count request", Set.of("filter", "exact", "shard_key"));
        JsonInput.optBool(body, "exact", true);
        ObjectNode result = F.objectNode();
        result.put("count", c.count(FilterParser.orEmpty(body.get("filter")), consistency(ctx),
                ShardKeyParser.selector(body)));
        Http.ok(ctx, result);
    }

    private void search(Context ctx) {
        Collection c = collection(ctx);
        ObjectNode body = Http.body(ctx, false);
        VectorQuery q = ReadParser.search(body);
        Http.ok(ctx, ResponseJson.scoredList(c.search(q, consistency(ctx), ShardKeyParser.selector(body)), c.params(),
                q.withVector()));
    }

    private static List<JsonNode> batchOf(Collection c, ObjectNode body) {
        JsonInput.allowOnly(body, "batch request", Set.of("searches"));
        List<JsonNode> searches = JsonInput.array(JsonInput.required(body, "searches"), "searches");
        QueryRunner.checkBatch(c, searches.size());
        return searches;
    }

    private void searchBatch(Context ctx) {
        Collection c = collection(ctx);
        List<VectorQuery> queries = new ArrayList<>();
        List<ShardSelector> keys = new ArrayList<>();
        for (JsonNode s : batchOf(c, Http.body(ctx, false))) {
            queries.add(ReadParser.search(JsonInput.object(s, "searches[]")));
            keys.add(ShardKeyParser.selector(s));
        }
        ArrayNode result = F.arrayNode();
        ReadConsistency rc = consistency(ctx);
        for (int i = 0; i < queries.size(); i++) {
            result.add(ResponseJson.scoredList(c.search(queries.get(i), rc, keys.get(i)), c.params(),
                    queries.get(i).withVector()));
        }
        Http.ok(ctx, result);
    }

    private void query(Context ctx) {
        Collection c = collection(ctx);
        Http.ok(ctx, runQuery(ctx, c, QueryRunner.parse(Http.body(ctx, false)), consistency(ctx)));
    }

    private void queryBatch(Context ctx) {
        Collection c = collection(ctx);
        List<QueryRunner.Parsed> queries = new ArrayList<>();
        for (JsonNode s : batchOf(c, Http.body(ctx, false))) {
            queries.add(QueryRunner.parse(JsonInput.object(s, "searches[]")));
        }
        ArrayNode result = F.arrayNode();
        ReadConsistency rc = consistency(ctx);
        for (QueryRunner.Parsed q : queries) {
            result.add(runQuery(ctx, c, q, rc));
        }
        Http.ok(ctx, result);
    }

    private ObjectNode runQuery(Context ctx, Collection c, QueryRunner.Parsed q, ReadConsistency rc) {
        ObjectNode result = F.objectNode();
        result.set("points", ResponseJson.scoredList(QueryRunner.run(c, RestAuth.readable(ctx, registry), q, rc), c.params(),
                q.query().withVector()));
        return result;
    }
}
