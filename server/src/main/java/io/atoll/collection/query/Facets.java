package io.atoll.collection.query;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.query.FacetQuery;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.CollectionParams;
import java.util.List;

/**
 * POST /collections/{c}/facet: which index counts the values of a key (Qdrant's rule: a keyword, uuid, bool, or
 * integer-with-lookup payload index must be declared), and how many values each shard answers. Atoll's index holds
 * every payload path, but faceting follows the declared schema so that a collection behaves as in Qdrant.
 */
public final class Facets {
    /** Qdrant's oversampling of approximate facets: each shard answers at least this many values. */
    private static final int MIN_PER_SHARD = 128;

    private Facets() {
    }

    public static List<FacetQuery.Hit> run(Collection c, String key, Filter filter, int limit, boolean exact,
                                           ReadConsistency consistency, ShardSelector keys) {
        FacetQuery.Kind kind = kind(c.params(), key);
        // Counts are exact on every shard either way; an approximate request bounds what each shard sends.
        int perShard = exact ? Integer.MAX_VALUE : Math.max(MIN_PER_SHARD, (int) Math.min(Integer.MAX_VALUE,
                4L * limit));
        return c.facet(new FacetQuery(key, filter, kind, perShard), limit, consistency, keys);
    }

    private static FacetQuery.Kind kind(CollectionParams p, String key) {
        CollectionParams.PayloadIndexParams index = p.payloadSchema().get(key);
        if (index != null) {
            switch (index.type()) {
                case KEYWORD, UUID -> {
                    return FacetQuery.Kind.KEYWORD;
                }
                case BOOL -> {
                    return FacetQuery.Kind.BOOL;
                }
                case INTEGER -> {
                    boolean lookup = index.params() == null || !index.params().has("lookup")
                            || index.params().get("lookup").asBoolean(true);
                    if (lookup) {
                        return FacetQuery.Kind.INTEGER;
                    }
                }
                default -> {
                    // not a type Qdrant facets on
                }
            }
        }
        throw AtollException.badRequest("Wrong input: No appropriate index for faceting: `" + key + "`. Please "
                + "create one to facet on this field. Check https://qdrant.tech/documentation/concepts/indexing/"
                + "#payload-index to see which payload schemas support Match conditions");
    }
}
