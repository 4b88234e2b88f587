package io.atoll.filter;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.atoll.point.PointId;
import java.util.List;
import java.util.Set;

/** One condition of a filter. Keys are payload paths such as {@code a.b[].c}. */
public sealed interface Condition permits Filter, Condition.MatchValue, Condition.MatchAny, Condition.MatchExcept,
        Condition.MatchText, Condition.MatchPrefix, Condition.NumberRange, Condition.DatetimeRange, Condition.GeoRadius,
        Condition.GeoBoundingBox, Condition.GeoPolygon, Condition.ValuesCount, Condition.IsEmpty, Condition.IsNull,
        Condition.HasId, Condition.HasVector, Condition.Slice, Condition.Nested, Condition.InRing {

    /** The payload path a condition reads, or null for one that reads none (filters, ids, vectors, nested). */
    static String keyOf(Condition c) {
        return switch (c) {
            case MatchValue m -> m.key();
            case MatchAny m -> m.key();
            case MatchExcept m -> m.key();
            case MatchText m -> m.key();
            case MatchPrefix m -> m.key();
            case NumberRange r -> r.key();
            case DatetimeRange r -> r.key();
            case GeoRadius g -> g.key();
            case GeoBoundingBox g -> g.key();
            case GeoPolygon g -> g.key();
            case ValuesCount v -> v.key();
            case IsEmpty e -> e.key();
            case IsNull n -> n.key();
            case Filter f -> null;
            case HasId h -> null;
            case HasVector h -> null;
            case InRing r -> null;
            case Slice s -> null;
            case Nested n -> null;
        };
    }

    /** A match on one value: a String, a Long or a Boolean. */
    @JsonTypeName("match_value")
    record MatchValue(String key, Object value) implements Condition {
    }

    /** At least one stored value is one of {@code values} (Strings or Longs). */
    @JsonTypeName("match_any")
    record MatchAny(String key, List<Object> values) implements Condition {
    }

    /** No stored value is one of {@code values}. */
    @JsonTypeName("match_except")
    record MatchExcept(String key, List<Object> values) implements Condition {
    }

    /** Full-text match. {@code mode} says how the query's tokens combine. */
    @JsonTypeName("match_text")
    record MatchText(String key, String text, TextMode mode) implements Condition {
    }

    enum TextMode { ALL_TOKENS, ANY_TOKEN, PHRASE }

    /** Some stored keyword starts with {@code prefix}: byte-wise and case-sensitive, as Qdrant's keyword match. */
    @JsonTypeName("match_prefix")
    record MatchPrefix(String key, String prefix) implements Condition {
    }

    /** Numeric range; a null bound is open. */
    @JsonTypeName("number_range")
    record NumberRange(String key, Double gt, Double gte, Double lt, Double lte) implements Condition {
    }

    /** Datetime range in microseconds since the epoch; a null bound is open. */
    @JsonTypeName("datetime_range")
    record DatetimeRange(String key, Long gt, Long gte, Long lt, Long lte) implements Condition {
    }

    record GeoPoint(double lon, double lat) {
    }

    @JsonTypeName("geo_radius")
    record GeoRadius(String key, GeoPoint center, double radiusMeters) implements Condition {
    }

    @JsonTypeName("geo_bounding_box")
    record GeoBoundingBox(String key, GeoPoint topLeft, GeoPoint bottomRight) implements Condition {
    }

    @JsonTypeName("geo_polygon")
    record GeoPolygon(String key, List<GeoPoint> exterior, List<List<GeoPoint>> interiors) implements Condition {
    }

    /** The number of values stored at the key; a null bound is open. */
    @JsonTypeName("values_count")
    record ValuesCount(String key, Integer gt, Integer gte, Integer lt, Integer lte) implements Condition {
    }

    /** The key is missing, null or an empty array. */
    @JsonTypeName("is_empty")
    record IsEmpty(String key) implements Condition {
    }

    /** The key holds null. */
    @JsonTypeName("is_null")
    record IsNull(String key) implements Condition {
    }

    @JsonTypeName("has_id")
    record HasId(Set<PointId> ids) implements Condition {
        public HasId {
            ids = Set.copyOf(ids);
        }
    }

    /** The point has the named vector ({@code ""} for a collection's one unnamed vector). */
    @JsonTypeName("has_vector")
    record HasVector(String name) implements Condition {
    }

    /** The point's id is in slice {@code index} of {@code total} (Qdrant's slice of the id space, IdSlices). */
    @JsonTypeName("slice")
    record Slice(long total, long index) implements Condition {
    }

    /**
     * The point's id is routed to {@code shard} by {@code ring} (jump consistent hash over the ring's shard ids).
     * Atoll's own, never parsed from a request: coordinators add it to each shard's reads while a resharding runs,
     * so that a point held by two shards at once is read from one of them.
     */
    @JsonTypeName("in_ring")
    record InRing(List<Integer> ring, int shard) implements Condition {
        public InRing {
            ring = List.copyOf(ring);
        }
    }

    /** {@code filter} must hold for one element of the array of objects at {@code key}. */
    @JsonTypeName("nested")
    record Nested(String key, Filter filter) implements Condition {
    }
}
