package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import java.util.List;

/** Up to {@code limit} points drawn uniformly at random, without replacement, from those {@code filter} admits. */
public record RandomSample(Filter filter, int limit, PayloadSelector withPayload, VectorSelector withVector) {
    public RandomSample withFilter(Filter f) {
        return new RandomSample(f, limit, withPayload, withVector);
    }

    /** A shard's draw, in random order, and how many points it drew from (to weigh shards by). */
    public record Drawn(long matching, List<ScoredPoint> points) {
        public Drawn {
            points = List.copyOf(points);
        }
    }
}
