package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.GroupedQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Function;

/** POST /points/query/groups, /points/search/groups and /points/recommend/groups. */
final class GroupRoutes {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final CollectionRegistry registry;

    GroupRoutes(CollectionRegistry registry) {
        this.registry = registry;
    }

    void register(RoutesConfig r) {
        r.post("/collections/{name}/points/query/groups", ctx -> groups(ctx, GroupRequests::query));
        r.post("/collections/{name}/points/search/groups", ctx -> groups(ctx, GroupRequests::search));
        r.post("/collections/{name}/points/recommend/groups", ctx -> groups(ctx, GroupRequests::recommend));
    }

    private void groups(Context ctx, Function<ObjectNode, GroupRequests.Parsed> parser) {
        ReadConsistency consistency = Http.readParams(ctx);
        Collection c = Http.strictTimeout(ctx, registry.get(ctx.pathParam("name")));
        GroupRequests.Parsed g = parser.apply(Http.body(ctx, false));
        List<GroupedQuery.Group> groups = GroupRequests.run(c, RestAuth.readable(ctx, registry), g, consistency);
        ObjectNode result = F.objectNode();
        ArrayNode out = result.putArray("groups");
        for (GroupedQuery.Group group : groups) {
            ObjectNode o = out.addObject();
            if (group.id() instanceof Long l) {
                o.put("id", l);
            } else {
                o.put("id", (String) group.id());
            }
            o.set("hits", ResponseJson.scoredList(group.hits(), c.params(), g.query().query().withVector()));
            if (group.lookup() != null) {
                o.set("lookup", ResponseJson.record(group.lookup(), registry.get(g.lookup().collection()).params(),
                        g.lookup().withVector()));
            }
        }
        Http.ok(ctx, result);
    }
}
