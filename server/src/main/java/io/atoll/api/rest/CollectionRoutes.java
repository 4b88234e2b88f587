package io.atoll.api.rest;

import io.atoll.security.Access;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.cluster.control.CollectionController;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.schema.CollectionNames;
import io.atoll.schema.CollectionParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** Collections, payload indexes and aliases. */
final class CollectionRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;
    /** Shards per new collection when the request does not say: one per node, so one on a single node. */
    private final CollectionController controller;

    CollectionRoutes(CollectionRegistry registry, CollectionController controller) {
        this.registry = registry;
        this.controller = controller;
    }

    void register(RoutesConfig r) {
        r.get("/collections", this::list);
        r.get("/collections/{name}", ctx -> Http.ok(ctx, ResponseJson.collectionInfo(registry.get(ctx.pathParam("name")))));
        r.get("/collections/{name}/exists", this::exists);
        r.put("/collections/{name}", this::create);
        r.patch("/collections/{name}", this::update);
        r.delete("/collections/{name}", this::delete);
        r.put("/collections/{name}/index", this::createIndex);
        r.put("/collections/{name}/vectors/{vector}", ctx -> {
            boolean wait = Http.writeParams(ctx);
            String name = registry.get(ctx.pathParam("name")).name();
            controller.updateParams(name, NamedVectors.add(ctx.pathParam("vector"), Http.body(ctx, false)));
            Http.updateResult(ctx, 0, wait);
        });
        r.delete("/collections/{name}/vectors/{vector}", ctx -> {
            boolean wait = Http.writeParams(ctx);
            String name = registry.get(ctx.pathParam("name")).name();
            controller.updateParams(name, NamedVectors.remove(ctx.pathParam("vector")));
            Http.updateResult(ctx, 0, wait);
        });
        r.delete("/collections/{name}/index/{field}", this::deleteIndex);
        r.post("/collections/aliases", this::updateAliases);
        r.get("/aliases", ctx -> Http.ok(ctx, aliases(null, RestAuth.access(ctx))));
        r.get("/collections/{name}/aliases", ctx -> {
            Collection c = registry.get(ctx.pathParam("name"));
            Http.ok(ctx, aliases(c.name(), Access.FULL));
        });
    }

    private void list(Context ctx) {
        ObjectNode result = F.objectNode();
        ArrayNode list = result.putArray("collections");
        registry.names().stream().filter(RestAuth.access(ctx)::sees).forEach(n -> list.addObject().put("name", n));
        Http.ok(ctx, result);
    }

    private void exists(Context ctx) {
        ObjectNode result = F.objectNode();
        result.put("exists", registry.exists(ctx.pathParam("name")));
        Http.ok(ctx, result);
    }

    private void create(Context ctx) {
        Http.writeParams(ctx);
        String name = ctx.pathParam("name");
        CollectionNames.validate(name);
        CollectionParams params = CollectionParser.create(Http.body(ctx, false), controller.defaultShardNumber());
        controller.create(name, params);
        Http.ok(ctx, BooleanNode.TRUE);
    }

    private void update(Context ctx) {
        Http.writeParams(ctx);
        String name = ctx.pathParam("name");
        var body = Http.body(ctx, true);
        controller.updateParams(name, current -> CollectionParser.update(body, current));
        Http.ok(ctx, BooleanNode.TRUE);
    }

    private void delete(Context ctx) {
        Http.writeParams(ctx);
        String name = ctx.pathParam("name");
        // As Qdrant: dropping a collection that is not there is not an error but "false", so scripts that drop
        // before they create run on a fresh server.
        Http.ok(ctx, BooleanNode.valueOf(controller.delete(name)));
    }

    private void createIndex(Context ctx) {
        boolean wait = Http.writeParams(ctx);
        String name = ctx.pathParam("name");
        Collection c = registry.get(name);
        c.strictMode().payloadIndex(c.params());
        CollectionParser.PayloadIndex index = CollectionParser.payloadIndex(Http.body(ctx, false));
        controller.createPayloadIndex(name, index.field(), index.params());
        Http.updateResult(ctx, 0, wait);
    }

    private void deleteIndex(Context ctx) {
        boolean wait = Http.writeParams(ctx);
        String name = ctx.pathParam("name");
        String field = ctx.pathParam("field");
        controller.deletePayloadIndex(name, field);
        Http.updateResult(ctx, 0, wait);
    }

    private void updateAliases(Context ctx) {
        Http.writeParams(ctx);
        controller.updateAliases(CollectionParser.aliasActions(Http.body(ctx, false)));
        Http.ok(ctx, BooleanNode.TRUE);
    }

    /** The aliases of {@code collection} (all when null) whose collection the caller may see. */
    private ObjectNode aliases(String collection, Access access) {
        ObjectNode result = F.objectNode();
        ArrayNode list = result.putArray("aliases");
        for (Map.Entry<String, String> e : registry.aliases().entrySet()) {
            if ((collection == null || collection.equals(e.getValue())) && access.sees(e.getValue())) {
                list.addObject().put("alias_name", e.getKey()).put("collection_name", e.getValue());
            }
        }
        return result;
    }
}
