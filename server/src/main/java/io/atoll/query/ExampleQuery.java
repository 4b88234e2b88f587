package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.VectorSelector;

/**
 * A search that scores every point {@code filter} admits against example vectors of vector {@code using}, best
 * (largest) first: at most {@code limit} points, none below {@code scoreThreshold} when it is set.
 */
public record ExampleQuery(String using, ExampleScoring scoring, Filter filter, int limit, Float scoreThreshold,
                           PayloadSelector withPayload, VectorSelector withVector) {
    public ExampleQuery withFilter(Filter f) {
        return new ExampleQuery(using, scoring, f, limit, scoreThreshold, withPayload, withVector);
    }
}
