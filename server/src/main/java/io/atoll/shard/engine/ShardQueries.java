package io.atoll.shard.engine;

import io.atoll.point.ScoredPoint;
import io.atoll.query.ExampleQuery;
import io.atoll.query.FacetQuery;
import io.atoll.query.OrderedScroll;
import io.atoll.query.RandomSample;
import io.atoll.query.SparseCounts;
import io.atoll.filter.Filter;
import java.io.IOException;
import java.util.List;

/** The query API's reads of one shard (issue 19), beside the engine's core reads in {@link ShardEngine}. */
public interface ShardQueries {
    /** Points scored against example vectors (recommend, discover, context, feedback): a scan of the filter's. */
    List<ScoredPoint> search(ExampleQuery query) throws IOException;

    /** How many points hold each value of a payload field, most frequent first. */
    FacetQuery.Hits facet(FacetQuery query) throws IOException;

    /** Points in the order of a numeric payload key (order_by). */
    OrderedScroll.Entries orderedScroll(OrderedScroll query) throws IOException;

    /** Points drawn at random from those a filter admits. */
    RandomSample.Drawn sample(RandomSample query) throws IOException;

    /** How many of {@code corpus}'s points (null: all) hold the sparse vector {@code using}, and each dimension. */
    SparseCounts sparseCounts(String using, int[] dimensions, Filter corpus) throws IOException;
}
