package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The points update endpoints. Every body is parsed in full before anything is written. */
final class PointRoutes {
    private final CollectionRegistry registry;

    PointRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.put("/collections/{name}/points", update(PointParser::upsert));
        r.post("/collections/{name}/points/delete", update(PointParser::delete));
        r.post("/collections/{name}/points/payload", update(PointParser::setPayload));
        r.put("/collections/{name}/points/payload", update(PointParser::overwritePayload));
        r.post("/collections/{name}/points/payload/delete", update(PointParser::deletePayload));
        r.post("/collections/{name}/points/payload/clear", update(PointParser::clearPayload));
        r.put("/collections/{name}/points/vectors", update(PointParser::updateVectors));
        r.post("/collections/{name}/points/vectors/delete", update(PointParser::deleteVectors));
        r.post("/collections/{name}/points/batch", this::batch);
    }

    private io.javalin.http.Handler update(Function<ObjectNode, PointsUpdate> parse) {
        return ctx -> {
            boolean wait = Http.writeParams(ctx);
            Collection c = Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
            ObjectNode body = Http.body(ctx, false);
            PointsUpdate u = parse.apply(body);
            Http.updateResult(ctx, c.update(new RoutedUpdate(u, ShardKeyParser.selector(body)), wait), wait);
        };
    }

    private void batch(Context ctx) {
        boolean wait = Http.writeParams(ctx);
        Collection c = Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
        ObjectNode body = Http.body(ctx, false);
        JsonInput.allowOnly(body, "batch request", Set.of("operations"));
        List<JsonNode> ops = JsonInput.array(JsonInput.required(body, "operations"), "operations");
        List<RoutedUpdate> updates = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            updates.add(PointParser.batchOperation(ops.get(i), i));
        }
        List<Long> ids = c.updateAll(updates, wait);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        ids.forEach(id -> result.add(Http.updateResultNode(id, wait)));
        Http.ok(ctx, result);
    }
}
