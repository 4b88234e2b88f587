package io.atoll.operation;

import io.atoll.filter.Filter;
import io.atoll.point.PointId;
import java.util.List;

/** The points an update applies to: listed ids, or those matching a filter. Exactly one is set. */
public record PointsSelector(List<PointId> ids, Filter filter) {
    public PointsSelector {
        if ((ids == null) == (filter == null)) {
            throw new IllegalArgumentException("exactly one of ids and filter");
        }
        ids = ids == null ? null : List.copyOf(ids);
    }

    public static PointsSelector ids(List<PointId> ids) {
        return new PointsSelector(ids, null);
    }

    public static PointsSelector filter(Filter filter) {
        return new PointsSelector(null, filter);
    }
}
