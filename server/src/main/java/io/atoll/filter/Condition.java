package io.atoll.filter;

import io.atoll.point.PointId;
import java.util.List;
import java.util.Set;

/** One condition of a filter. Keys are payload paths such as {@code a.b[].c}. */
public sealed interface Condition permits Filter, Condition.MatchValue, Condition.MatchAny, Condition.MatchExcept,
        Condition.MatchText, Condition.NumberRange, Condition.DatetimeRange, Condition.GeoRadius,
        Condition.GeoBoundingBox, Condition.GeoPolygon, Condition.ValuesCount, Condition.IsEmpty, Condition.IsNull,
        Condition.HasId, Condition.Nested {

    /** A match on one value: a String, a Long or a Boolean. */
    record MatchValue(String key, Object value) implements Condition {
    }

    /** At least one stored value is one of {@code values} (Strings or Longs). */
    record MatchAny(String key, List<Object> values) implements Condition {
    }

    /** No stored value is one of {@code values}. */
    record MatchExcept(String key, List<Object> values) implements Condition {
    }

    /** Full-text match. {@code mode} says how the query's tokens combine. */
    record MatchText(String key, String text, TextMode mode) implements Condition {
    }

    enum TextMode { ALL_TOKENS, ANY_TOKEN, PHRASE }

    /** Numeric range; a null bound is open. */
    record NumberRange(String key, Double gt, Double gte, Double lt, Double lte) implements Condition {
    }

    /** Datetime range in microseconds since the epoch; a null bound is open. */
    record DatetimeRange(String key, Long gt, Long gte, Long lt, Long lte) implements Condition {
    }

    record GeoPoint(double lon, double lat) {
    }

    record GeoRadius(String key, GeoPoint center, double radiusMeters) implements Condition {
    }

    record GeoBoundingBox(String key, GeoPoint topLeft, GeoPoint bottomRight) implements Condition {
    }

    record GeoPolygon(String key, List<GeoPoint> exterior, List<List<GeoPoint>> interiors) implements Condition {
    }

    /** The number of values stored at the key; a null bound is open. */
    record ValuesCount(String key, Integer gt, Integer gte, Integer lt, Integer lte) implements Condition {
    }

    /** The key is missing, null or an empty array. */
    record IsEmpty(String key) implements Condition {
    }

    /** The key holds null. */
    record IsNull(String key) implements Condition {
    }

    record HasId(Set<PointId> ids) implements Condition {
        public HasId {
            ids = Set.copyOf(ids);
        }
    }

    /** {@code filter} must hold for one element of the array of objects at {@code key}. */
    record Nested(String key, Filter filter) implements Condition {
    }
}
