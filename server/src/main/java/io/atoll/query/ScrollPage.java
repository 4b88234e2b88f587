package io.atoll.query;

import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import java.util.List;

/** One page of a scroll and the id the next page starts at (null at the end). */
public record ScrollPage(List<ScoredPoint> points, PointId nextOffset) {
}
