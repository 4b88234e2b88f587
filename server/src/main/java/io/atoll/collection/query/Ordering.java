package io.atoll.collection.query;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.OrderedScroll;
import io.atoll.query.StageScoring;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.CollectionParams;
import java.util.List;

/**
 * order_by in scroll and query: which index orders a key (Qdrant's rule: a declared integer index with ranges, a
 * float or a datetime index), then the ordered read across the shards.
 */
public final class Ordering {
    private Ordering() {
    }

    /** The first {@code limit} points in the order asked, each carrying the value it is ordered by. */
    public static List<ScoredPoint> scroll(Collection c, Filter filter, StageScoring.OrderBy order, int limit,
                                           PayloadSelector withPayload, VectorSelector withVector,
                                           ReadConsistency consistency, ShardSelector keys) {
        OrderedScroll q = new OrderedScroll(filter, order.key(), kind(c.params(), order.key()), order.descending(),
                order.startFrom(), limit, withPayload, withVector);
        return c.orderedScroll(q, consistency, keys).stream().map(e -> e.point().withOrderValue(e.value())).toList();
    }

    private static OrderedScroll.Kind kind(CollectionParams p, String key) {
        CollectionParams.PayloadIndexParams index = p.payloadSchema().get(key);
        if (index != null) {
            switch (index.type()) {
                case FLOAT -> {
                    return OrderedScroll.Kind.FLOAT;
                }
                case DATETIME -> {
                    return OrderedScroll.Kind.DATETIME;
                }
                case INTEGER -> {
                    boolean range = index.params() == null || !index.params().has("range")
                            || index.params().get("range").asBoolean(true);
                    if (range) {
                        return OrderedScroll.Kind.INTEGER;
                    }
                }
                default -> {
                    // not a type with ranges
                }
            }
        }
        throw AtollException.badRequest("Wrong input: No range index for `order_by` key: `" + key + "`. Please "
                + "create one to use `order_by`. Check https://qdrant.tech/documentation/concepts/indexing/"
                + "#payload-index to see which payload schemas support Range conditions");
    }
}
