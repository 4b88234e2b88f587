package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.DistanceMatrix;
import io.atoll.query.FacetQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The collection-wide summaries: POST /collections/{c}/facet (how many points hold each value of a payload key)
 * and the distance matrix of a random sample (/points/search/matrix/pairs and /offsets).
 */
final class SummaryRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;

    SummaryRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.post("/collections/{name}/facet", this::facet);
        r.post("/collections/{name}/points/search/matrix/pairs", ctx -> matrix(ctx, true));
        r.post("/collections/{name}/points/search/matrix/offsets", ctx -> matrix(ctx, false));
    }

    private void matrix(Context ctx, boolean pairs) {
        ReadConsistency consistency = Http.readParams(ctx);
        Collection c = Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
        DistanceMatrix.Result m = MatrixRequests.run(c, Http.body(ctx, true), consistency);
        Http.ok(ctx, pairs ? MatrixRequests.pairs(m) : MatrixRequests.offsets(m));
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
