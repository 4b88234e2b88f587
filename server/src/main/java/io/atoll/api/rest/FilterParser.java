package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.filter.Condition;
import io.atoll.filter.Datetimes;
import io.atoll.filter.Filter;
import io.atoll.point.PointId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses Qdrant's filter JSON. Unknown fields are refused rather than ignored: a misspelt {@code must} would
 * otherwise silently match every point (and a delete by filter would delete them all).
 */
public final class FilterParser {
    private static final int MAX_DEPTH = 32;
    private static final Set<String> FILTER_FIELDS = Set.of("must", "should", "must_not", "min_should");
    private static final Set<String> FIELD_CONDITION = Set.of("key", "match", "range", "geo_radius",
            "geo_bounding_box", "geo_polygon", "values_count", "is_empty", "is_null", "datetime_range");

    private FilterParser() {
    }

    /** A filter, or null when the node is absent or null. */
    static Filter optional(JsonNode n) {
        return n == null || n.isNull() ? null : filter(n, "filter", 0, false);
    }

    public static Filter orEmpty(JsonNode n) {
        Filter f = optional(n);
        return f == null ? Filter.EMPTY : f;
    }

    /** {@code nested}: inside a nested filter, whose conditions apply to one array element, not to a point. */
    private static Filter filter(JsonNode n, String where, int depth, boolean nested) {
        if (depth > MAX_DEPTH) {
            throw formatError("filter is nested deeper than " + MAX_DEPTH + " levels");
        }
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, FILTER_FIELDS);
        List<Condition> must = conditions(o.get("must"), where + ".must", depth, nested);
        List<Condition> should = conditions(o.get("should"), where + ".should", depth, nested);
        List<Condition> mustNot = conditions(o.get("must_not"), where + ".must_not", depth, nested);
        Filter.MinShould minShould = null;
        if (JsonInput.present(o, "min_should")) {
            ObjectNode ms = JsonInput.object(o.get("min_should"), where + ".min_should");
            JsonInput.allowOnly(ms, "min_should", Set.of("conditions", "min_count"));
            minShould = new Filter.MinShould(conditions(JsonInput.required(ms, "conditions"), where + ".min_should.conditions", depth, nested),
                    JsonInput.intValue(JsonInput.required(ms, "min_count"), "min_should.min_count", 0, Integer.MAX_VALUE));
        }
        return new Filter(must, should, mustNot, minShould);
    }

    /** One condition or an array of them, as Qdrant accepts. */
    private static List<Condition> conditions(JsonNode n, String where, int depth, boolean nested) {
        List<Condition> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                out.add(condition(c, where, depth + 1, nested));
            }
        } else {
            out.add(condition(n, where, depth + 1, nested));
        }
        return out;
    }

    /** {@code depth} already counts this condition's level: a filter inside it is no deeper. */
    private static Condition condition(JsonNode n, String where, int depth, boolean nested) {
        ObjectNode o = JsonInput.object(n, where);
        if (o.has("key")) {
            return fieldCondition(o, where);
        }
        if (o.has("has_id")) {
            JsonInput.allowOnly(o, where, Set.of("has_id"));
            Set<PointId> ids = new HashSet<>();
            for (JsonNode id : JsonInput.array(o.get("has_id"), "has_id")) {
                ids.add(PointParser.id(id, "has_id[]"));
            }
            return new Condition.HasId(ids);
        }
        if (o.has("is_empty")) {
            JsonInput.allowOnly(o, where, Set.of("is_empty"));
            ObjectNode e = JsonInput.object(o.get("is_empty"), "is_empty");
            JsonInput.allowOnly(e, "is_empty", Set.of("key"));
            return new Condition.IsEmpty(key(e, "is_empty"));
        }
        if (o.has("is_null")) {
            JsonInput.allowOnly(o, where, Set.of("is_null"));
            ObjectNode e = JsonInput.object(o.get("is_null"), "is_null");
            JsonInput.allowOnly(e, "is_null", Set.of("key"));
            return new Condition.IsNull(key(e, "is_null"));
        }
        if (o.has("has_vector")) {
            JsonInput.allowOnly(o, where, Set.of("has_vector"));
            if (nested) {
                throw formatError("`has_vector` in " + where + " is about a point, not an element of a nested array: "
                        + "put it beside the `nested` condition");
            }
            return new Condition.HasVector(JsonInput.text(o.get("has_vector"), where + ".has_vector"));
        }
        if (o.has("slice")) {
            JsonInput.allowOnly(o, where, Set.of("slice"));
            if (nested) {
                throw formatError("`slice` in " + where + " is about a point's id, not an element of a nested array: "
                        + "put it beside the `nested` condition");
            }
            ObjectNode s = JsonInput.object(o.get("slice"), where + ".slice");
            JsonInput.allowOnly(s, where + ".slice", Set.of("total", "index"));
            long total = JsonInput.longValue(JsonInput.required(s, "total"), "slice.total", 1, 0xffffffffL);
            long index = JsonInput.longValue(JsonInput.required(s, "index"), "slice.index", 0, 0xffffffffL);
            if (index >= total) {
                throw JsonInput.validationError("slice.index: " + index + " must be below slice.total (" + total + ")");
            }
            return new Condition.Slice(total, index);
        }
        if (o.has("nested")) {
            JsonInput.allowOnly(o, where, Set.of("nested"));
            ObjectNode inner = JsonInput.object(o.get("nested"), "nested");
            JsonInput.allowOnly(inner, "nested", Set.of("key", "filter"));
            return new Condition.Nested(key(inner, "nested"), filter(JsonInput.required(inner, "filter"),
                    "nested.filter", depth, true));
        }
        if (o.has("filter")) {
            JsonInput.allowOnly(o, where, Set.of("filter"));
            return filter(o.get("filter"), where + ".filter", depth, nested);
        }
        if (o.has("must") || o.has("should") || o.has("must_not") || o.has("min_should")) {
            return filter(o, where, depth, nested);
        }
        throw formatError("condition in " + where + " must have one of `key`, `has_id`, `has_vector`, `slice`, "
                + "`is_empty`, `is_null`, `nested`, `must`, `should`, `must_not` or `min_should`, got "
                + JsonInput.describe(o));
    }

    private static String key(ObjectNode o, String where) {
        String key = JsonInput.text(JsonInput.required(o, "key"), where + ".key");
        if (key.isEmpty()) {
            throw formatError("`" + where + ".key` must not be empty");
        }
        return JsonInput.path(JsonInput.required(o, "key"), where + ".key");
    }

    private static Condition fieldCondition(ObjectNode o, String where) {
        JsonInput.allowOnly(o, "field condition", FIELD_CONDITION);
        String key = key(o, where);
        List<Condition> parts = new ArrayList<>();
        if (JsonInput.present(o, "match")) {
            parts.add(match(key, JsonInput.object(o.get("match"), "match")));
        }
        if (JsonInput.present(o, "range")) {
            parts.add(range(key, JsonInput.object(o.get("range"), "range")));
        }
        if (JsonInput.present(o, "datetime_range")) {
            parts.add(range(key, JsonInput.object(o.get("datetime_range"), "datetime_range")));
        }
        if (JsonInput.present(o, "geo_radius")) {
            ObjectNode g = JsonInput.object(o.get("geo_radius"), "geo_radius");
            JsonInput.allowOnly(g, "geo_radius", Set.of("center", "radius"));
            double radius = JsonInput.doubleValue(JsonInput.required(g, "radius"), "geo_radius.radius");
            if (radius < 0) {
                throw formatError("`geo_radius.radius` must not be negative");
            }
            parts.add(new Condition.GeoRadius(key, geoPoint(JsonInput.required(g, "center"), "geo_radius.center"), radius));
        }
        if (JsonInput.present(o, "geo_bounding_box")) {
            ObjectNode g = JsonInput.object(o.get("geo_bounding_box"), "geo_bounding_box");
            JsonInput.allowOnly(g, "geo_bounding_box", Set.of("top_left", "bottom_right"));
            parts.add(new Condition.GeoBoundingBox(key,
                    geoPoint(JsonInput.required(g, "top_left"), "geo_bounding_box.top_left"),
                    geoPoint(JsonInput.required(g, "bottom_right"), "geo_bounding_box.bottom_right")));
        }
        if (JsonInput.present(o, "geo_polygon")) {
            ObjectNode g = JsonInput.object(o.get("geo_polygon"), "geo_polygon");
            JsonInput.allowOnly(g, "geo_polygon", Set.of("exterior", "interiors"));
            List<List<Condition.GeoPoint>> interiors = new ArrayList<>();
            if (JsonInput.present(g, "interiors")) {
                for (JsonNode ring : JsonInput.array(g.get("interiors"), "geo_polygon.interiors")) {
                    interiors.add(ring(ring, "geo_polygon.interiors[]"));
                }
            }
            parts.add(new Condition.GeoPolygon(key, ring(JsonInput.required(g, "exterior"), "geo_polygon.exterior"), interiors));
        }
        if (JsonInput.present(o, "values_count")) {
            ObjectNode v = JsonInput.object(o.get("values_count"), "values_count");
            JsonInput.allowOnly(v, "values_count", Set.of("gt", "gte", "lt", "lte"));
            parts.add(new Condition.ValuesCount(key, JsonInput.optInteger(v, "gt", 0, Integer.MAX_VALUE),
                    JsonInput.optInteger(v, "gte", 0, Integer.MAX_VALUE), JsonInput.optInteger(v, "lt", 0, Integer.MAX_VALUE),
                    JsonInput.optInteger(v, "lte", 0, Integer.MAX_VALUE)));
        }
        if (JsonInput.present(o, "is_empty")) {
            if (JsonInput.boolValue(o.get("is_empty"), "is_empty")) {
                parts.add(new Condition.IsEmpty(key));
            } else {
                parts.add(Filter.EMPTY.withMustNot(new Condition.IsEmpty(key)));
            }
        }
        if (JsonInput.present(o, "is_null")) {
            if (JsonInput.boolValue(o.get("is_null"), "is_null")) {
                parts.add(new Condition.IsNull(key));
            } else {
                parts.add(Filter.EMPTY.withMustNot(new Condition.IsNull(key)));
            }
        }
        if (parts.isEmpty()) {
            throw formatError("field condition on `" + key + "` has no condition: give one of `match`, `range`, "
                    + "`geo_radius`, `geo_bounding_box`, `geo_polygon`, `values_count`, `is_empty` or `is_null`");
        }
        return parts.size() == 1 ? parts.getFirst() : new Filter(parts, List.of(), List.of(), null);
    }

    private static Condition match(String key, ObjectNode m) {
        JsonInput.allowOnly(m, "match", Set.of("value", "any", "except", "text", "text_any", "phrase", "prefix", "keyword",
                "integer"));
        if (m.size() != 1) {
            throw formatError("`match` must have exactly one of `value`, `any`, `except`, `text`, `text_any`, `phrase` or `prefix`");
        }
        String kind = m.fieldNames().next();
        JsonNode v = m.get(kind);
        return switch (kind) {
            case "value", "keyword", "integer" -> new Condition.MatchValue(key, scalar(v, "match." + kind));
            case "any" -> new Condition.MatchAny(key, scalars(v, "match.any"));
            case "except" -> new Condition.MatchExcept(key, scalars(v, "match.except"));
            case "text" -> new Condition.MatchText(key, JsonInput.text(v, "match.text"), Condition.TextMode.ALL_TOKENS);
            case "text_any" -> new Condition.MatchText(key, JsonInput.text(v, "match.text_any"), Condition.TextMode.ANY_TOKEN);
            case "phrase" -> new Condition.MatchText(key, JsonInput.text(v, "match.phrase"), Condition.TextMode.PHRASE);
            case "prefix" -> new Condition.MatchPrefix(key, JsonInput.text(v, "match.prefix"));
            default -> throw formatError("unknown match `" + kind + "`");
        };
    }

    private static Object scalar(JsonNode v, String field) {
        if (v != null && v.isTextual()) {
            return v.asText();
        }
        if (v != null && v.isBoolean()) {
            return v.asBoolean();
        }
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        throw formatError("`" + field + "` must be a string, an integer or a boolean, got " + JsonInput.describe(v));
    }

    private static List<Object> scalars(JsonNode v, String field) {
        List<Object> out = new ArrayList<>();
        boolean strings = false;
        boolean ints = false;
        for (JsonNode e : JsonInput.array(v, field)) {
            Object s = scalar(e, field + "[]");
            if (s instanceof Boolean) {
                throw formatError("`" + field + "` takes strings or integers, not booleans");
            }
            strings |= s instanceof String;
            ints |= s instanceof Long;
            out.add(s);
        }
        if (strings && ints) {
            throw formatError("`" + field + "` must hold only strings or only integers");
        }
        return out;
    }

    /** Numbers make a numeric range; strings make a datetime range (RFC 3339). */
    private static Condition range(String key, ObjectNode r) {
        JsonInput.allowOnly(r, "range", Set.of("gt", "gte", "lt", "lte"));
        List<String> texts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String b : List.of("gt", "gte", "lt", "lte")) {
            if (JsonInput.present(r, b)) {
                (r.get(b).isTextual() ? texts : others).add("`range." + b + "`");
            }
        }
        if (!texts.isEmpty() && !others.isEmpty()) {
            throw formatError("range bounds must be all numbers or all RFC 3339 datetimes, but " + texts
                    + " are strings and " + others + " are not");
        }
        if (!texts.isEmpty()) {
            return new Condition.DatetimeRange(key, datetime(r, "gt"), datetime(r, "gte"), datetime(r, "lt"), datetime(r, "lte"));
        }
        return new Condition.NumberRange(key, JsonInput.optDouble(r, "gt"), JsonInput.optDouble(r, "gte"),
                JsonInput.optDouble(r, "lt"), JsonInput.optDouble(r, "lte"));
    }

    private static Long datetime(ObjectNode r, String bound) {
        if (!JsonInput.present(r, bound)) {
            return null;
        }
        String s = JsonInput.text(r.get(bound), "range." + bound);
        Long micros = Datetimes.parseMicros(s);
        if (micros == null) {
            throw formatError("`range." + bound + "` = \"" + s + "\" is not an RFC 3339 datetime");
        }
        return micros;
    }

    private static Condition.GeoPoint geoPoint(JsonNode n, String where) {
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, Set.of("lon", "lat"));
        double lon = JsonInput.doubleValue(JsonInput.required(o, "lon"), where + ".lon");
        double lat = JsonInput.doubleValue(JsonInput.required(o, "lat"), where + ".lat");
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw AtollException.badRequest("Wrong input: Geo point in " + where + " is out of range: lon must be within [-180, 180] and lat within [-90, 90]");
        }
        return new Condition.GeoPoint(lon, lat);
    }

    private static List<Condition.GeoPoint> ring(JsonNode n, String where) {
        ObjectNode o = JsonInput.object(n, where);
        JsonInput.allowOnly(o, where, Set.of("points"));
        List<Condition.GeoPoint> points = new ArrayList<>();
        for (JsonNode p : JsonInput.array(JsonInput.required(o, "points"), where + ".points")) {
            points.add(geoPoint(p, where + ".points[]"));
        }
        if (points.size() < 4 || !points.getFirst().equals(points.getLast())) {
            throw AtollException.badRequest("Wrong input: " + where + " must be a closed ring of at least 4 points (the first equal to the last)");
        }
        return points;
    }
}
