package io.atoll.shard;

import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import java.util.List;

/**
 * A page of points to copy to a transfer target, in id order, the id the next page starts at (null: none) and the
 * log position the page reflects (see {@link ShardCopies#copyPage}).
 */
public record CopyPage(List<ScoredPoint> points, PointId next, LogPosition position) {
}
