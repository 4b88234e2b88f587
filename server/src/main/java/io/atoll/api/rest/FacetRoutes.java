package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.query.FacetQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** POST /collections/{c}/facet: how many points hold each value of a payload key. */
final class FacetRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;

    FacetRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.post("/collections/{name}/facet", this::facet);
    }

    private void facet(Context ctx) {
        ReadConsistency consistency = Http.readParams(ctx);
        Collection c = Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
        List<FacetQuery.Hit> hits = FacetRequests.run(c, FacetRequests.parse(Http.body(ctx, false)), consistency);
        ObjectNode result = F.objectNode();
        ArrayNode out = result.putArray("hits");
        for (FacetQuery.Hit h : hits) {
            ObjectNode hit = out.addObject();
            switch (h.value()) {
                case String s -> hit.put("value", s);
                case Long l -> hit.put("value", l);
                case Boolean b -> hit.put("value", b);
                default -> throw new IllegalStateException("a facet value is a string, an integer or a bool");
            }
            hit.put("count", h.count());
        }
        Http.ok(ctx, result);
    }
}
