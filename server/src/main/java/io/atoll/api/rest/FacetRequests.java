package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.Facets;
import io.atoll.filter.Filter;
import io.atoll.query.FacetQuery;
import io.atoll.routing.ShardSelector;
import java.util.List;
import java.util.Set;

/** Parses and runs facet requests (Qdrant's FacetRequest), for REST and gRPC alike. Stateless. */
public final class FacetRequests {
    private FacetRequests() {
    }

    public record Parsed(String key, Filter filter, int limit, boolean exact, ShardSelector keys) {
    }

    public static Parsed parse(ObjectNode body) {
        JsonInput.allowOnly(body, "facet request", Set.of("key", "limit", "filter", "exact", "shard_key"));
        return new Parsed(JsonInput.path(JsonInput.required(body, "key"), "key"),
                FilterParser.orEmpty(body.get("filter")), JsonInput.optInt(body, "limit", 10, 1, ReadParser.MAX_RESULTS),
                JsonInput.optBool(body, "exact", false), ShardKeyParser.selector(body));
    }

    public static List<FacetQuery.Hit> run(Collection c, Parsed f, ReadConsistency consistency) {
        return Facets.run(c, f.key(), f.filter(), f.limit(), f.exact(), consistency, f.keys());
    }
}
