package io.atoll.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.routing.IdSlices;
import io.atoll.routing.ShardRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a filter directly on a point's JSON payload. The index answers filters through compiled queries;
 * this evaluator decides what the index cannot (conditions inside {@code nested}, which must hold for one array
 * element) and is the reference the compiled queries are tested against. Stateless.
 */
public final class PayloadMatcher {
    private PayloadMatcher() {
    }

    public static boolean matches(Filter f, PointId id, JsonNode payload) {
        return matches(f, new Subject(id, payload, null));
    }

    public static boolean matches(Condition c, PointId id, JsonNode payload) {
        return matches(c, new Subject(id, payload, null));
    }

    /** A whole point, whose vectors {@code has_vector} asks about. */
    public static boolean matches(Filter f, PointStruct point) {
        return matches(f, new Subject(point.id(), point.payload(), point.vectors().keySet()));
    }

    /** What a filter is checked against; {@code vectors} null where only the payload is known. */
    private record Subject(PointId id, JsonNode payload, Set<String> vectors) {
    }

    private static boolean matches(Filter f, Subject s) {
        for (Condition c : f.must()) {
            if (!matches(c, s)) {
                return false;
            }
        }
        if (!f.should().isEmpty() && f.should().stream().noneMatch(c -> matches(c, s))) {
            return false;
        }
        for (Condition c : f.mustNot()) {
            if (matches(c, s)) {
                return false;
            }
        }
        if (f.minShould() != null) {
            long n = f.minShould().conditions().stream().filter(c -> matches(c, s)).count();
            return n >= f.minShould().minCount();
        }
        return true;
    }

    private static boolean matches(Condition c, Subject s) {
        PointId id = s.id();
        JsonNode payload = s.payload();
        return switch (c) {
            case Filter f -> matches(f, s);
            case Condition.MatchValue m -> values(payload, m.key()).stream().anyMatch(v -> equalsScalar(v, m.value()));
            case Condition.MatchAny m -> values(payload, m.key()).stream()
                    .anyMatch(v -> m.values().stream().anyMatch(x -> equalsScalar(v, x)));
            case Condition.MatchExcept m -> {
                // Qdrant's behaviour: some value is outside the list; a key without values counts as outside.
                List<JsonNode> vs = values(payload, m.key());
                yield vs.isEmpty() || vs.stream().anyMatch(v -> m.values().stream().noneMatch(x -> equalsScalar(v, x)));
            }
            case Condition.MatchText m -> values(payload, m.key()).stream()
                    .anyMatch(v -> v.isTextual() && v.asText().contains(m.text()));
            case Condition.MatchPrefix m -> values(payload, m.key()).stream()
                    .anyMatch(v -> v.isTextual() && v.asText().startsWith(m.prefix()));
            case Condition.NumberRange r -> values(payload, r.key()).stream()
                    .anyMatch(v -> v.isNumber() && inRange(v.asDouble(), r.gt(), r.gte(), r.lt(), r.lte()));
            case Condition.DatetimeRange r -> values(payload, r.key()).stream().anyMatch(v -> {
                Long t = v.isTextual() ? Datetimes.parseMicros(v.asText()) : null;
                return t != null && inRange(t, r.gt(), r.gte(), r.lt(), r.lte());
            });
            case Condition.GeoRadius g -> values(payload, g.key()).stream().anyMatch(v -> isGeo(v)
                    && haversineMeters(g.center().lat(), g.center().lon(), v.get("lat").asDouble(), v.get("lon").asDouble())
                    <= g.radiusMeters());
            case Condition.GeoBoundingBox b -> values(payload, b.key()).stream().anyMatch(v -> isGeo(v)
                    && v.get("lat").asDouble() <= b.topLeft().lat() && v.get("lat").asDouble() >= b.bottomRight().lat()
                    && v.get("lon").asDouble() >= b.topLeft().lon() && v.get("lon").asDouble() <= b.bottomRight().lon());
            case Condition.GeoPolygon p -> values(payload, p.key()).stream().anyMatch(v -> isGeo(v)
                    && inRing(p.exterior(), v.get("lon").asDouble(), v.get("lat").asDouble())
                    && p.interiors().stream().noneMatch(hole -> inRing(hole, v.get("lon").asDouble(), v.get("lat").asDouble())));
            case Condition.ValuesCount vc -> {
                int n = values(payload, vc.key()).size();
                yield inRange(n, toD(vc.gt()), toD(vc.gte()), toD(vc.lt()), toD(vc.lte()));
            }
            case Condition.IsEmpty e -> values(payload, e.key()).isEmpty();
            case Condition.IsNull n -> reached(payload, n.key()).stream().anyMatch(JsonNode::isNull);
            case Condition.HasId h -> id != null && h.ids().contains(id);
            case Condition.HasVector h -> {
                if (s.vectors() == null) {
                    // the parser keeps has_vector out of nested filters, the only ones checked on payloads alone
                    throw new IllegalStateException("has_vector needs the point's vectors");
                }
                yield s.vectors().contains(h.name());
            }
            case Condition.InRing r -> id != null && new ShardRouter(r.ring()).shardOf(id) == r.shard();
            case Condition.Slice sl -> id != null && IdSlices.contains(id, sl.total(), sl.index());
            case Condition.Nested n -> {
                boolean any = false;
                for (JsonNode element : rawValues(payload, n.key())) {
                    if (element.isObject() && matches(n.filter(), new Subject(null, element, null))) {
                        any = true;
                        break;
                    }
                }
                yield any;
            }
        };
    }

    private static Double toD(Integer i) {
        return i == null ? null : i.doubleValue();
    }

    private static boolean isGeo(JsonNode v) {
        return v.isObject() && v.path("lat").isNumber() && v.path("lon").isNumber();
    }

    /** Ray casting on lon/lat as a plane (the rings of a filter are small enough for that). */
    static boolean inRing(List<Condition.GeoPoint> ring, double lon, double lat) {
        boolean inside = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            Condition.GeoPoint a = ring.get(i);
            Condition.GeoPoint b = ring.get(j);
            if ((a.lat() > lat) != (b.lat() > lat)
                    && lon < (b.lon() - a.lon()) * (lat - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
                inside = !inside;
            }
        }
        return inside;
    }

    public static double haversineMeters(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_008.7714;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }

    private static boolean inRange(double x, Double gt, Double gte, Double lt, Double lte) {
        return (gt == null || x > gt) && (gte == null || x >= gte) && (lt == null || x < lt) && (lte == null || x <= lte);
    }

    private static boolean inRange(long x, Long gt, Long gte, Long lt, Long lte) {
        return (gt == null || x > gt) && (gte == null || x >= gte) && (lt == null || x < lt) && (lte == null || x <= lte);
    }

    private static boolean equalsScalar(JsonNode v, Object x) {
        return switch (x) {
            case String s -> v.isTextual() && v.asText().equals(s);
            case Long l -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() == l;
            case Boolean b -> v.isBoolean() && v.asBoolean() == b;
            default -> false;
        };
    }

    /** Non-null leaf values (and objects) at a path, arrays flattened at every level. */
    static List<JsonNode> values(JsonNode payload, String key) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : rawValues(payload, key)) {
            if (!v.isNull()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The values a path reaches, each as stored (arrays not flattened): Qdrant's paths, see PayloadPaths. */
    private static List<JsonNode> reached(JsonNode payload, String key) {
        return PayloadPaths.reached(payload, key);
    }

    private static List<JsonNode> rawValues(JsonNode payload, String key) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : reached(payload, key)) {
            out.addAll(flatten(n));
        }
        return out;
    }

    private static List<JsonNode> flatten(JsonNode n) {
        if (!n.isArray()) {
            return List.of(n);
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : n) {
            out.addAll(flatten(e));
        }
        return out;
    }
}
