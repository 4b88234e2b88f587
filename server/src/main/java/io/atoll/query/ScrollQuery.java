package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.VectorSelector;

/** Points in id order starting at {@code offset} (inclusive, null for the first), at most {@code limit} of them. */
public record ScrollQuery(Filter filter, PointId offset, int limit, PayloadSelector withPayload,
                          VectorSelector withVector) {
}
