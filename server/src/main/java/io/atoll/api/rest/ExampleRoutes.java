package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The older recommend and discover endpoints (and their batches), which answer a list of points where the
 * universal query answers {@code {"points": [...]}}; each request runs as the universal query it stands for.
 */
final class ExampleRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;

    ExampleRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.post("/collections/{name}/points/recommend", ctx -> one(ctx, ExampleRequestParser::recommend));
        r.post("/collections/{name}/points/recommend/batch", ctx -> batch(ctx, ExampleRequestParser::recommend));
        r.post("/collections/{name}/points/discover", ctx -> one(ctx, ExampleRequestParser::discover));
        r.post("/collections/{name}/points/discover/batch", ctx -> batch(ctx, ExampleRequestParser::discover));
    }

    private Collection collection(Context ctx) {
        return Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
    }

    private void one(Context ctx, Function<ObjectNode, QueryRunner.Parsed> parser) {
        ReadConsistency rc = Http.readParams(ctx);
        Collection c = collection(ctx);
        Http.ok(ctx, run(ctx, c, parser.apply(Http.body(ctx, false)), rc));
    }

    private void batch(Context ctx, Function<ObjectNode, QueryRunner.Parsed> parser) {
        ReadConsistency rc = Http.readParams(ctx);
        Collection c = collection(ctx);
        ObjectNode body = Http.body(ctx, false);
        JsonInput.allowOnly(body, "batch request", Set.of("searches"));
        List<JsonNode> searches = JsonInput.array(JsonInput.required(body, "searches"), "searches");
        QueryRunner.checkBatch(c, searches.size());
        List<QueryRunner.Parsed> parsed = new ArrayList<>();
        for (JsonNode s : searches) {
            parsed.add(parser.apply(JsonInput.object(s, "searches[]")));
        }
        ArrayNode result = F.arrayNode();
        parsed.forEach(q -> result.add(run(ctx, c, q, rc)));
        Http.ok(ctx, result);
    }

    private ArrayNode run(Context ctx, Collection c, QueryRunner.Parsed q, ReadConsistency rc) {
        return ResponseJson.scoredList(QueryRunner.run(c, RestAuth.readable(ctx, registry), q, rc), c.params(), q.query().withVector());
    }
}
