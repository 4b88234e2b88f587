package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Points;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * Qdrant's filter, points-selector and shard-key-selector messages as the REST JSON they stand for, so that the
 * REST filter parser checks and reads them (one set of rules, limits and messages for both APIs). Stateless.
 */
final class FilterMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FilterMessages() {
    }

    static ObjectNode filter(Common.Filter f) {
        ObjectNode o = F.objectNode();
        conditions(o, "must", f.getMustList());
        conditions(o, "should", f.getShouldList());
        conditions(o, "must_not", f.getMustNotList());
        if (f.hasMinShould()) {
            ObjectNode ms = o.putObject("min_should");
            ms.set("conditions", conditions(f.getMinShould().getConditionsList()));
            ms.set("min_count", unsigned(f.getMinShould().getMinCount()));
        }
        return o;
    }

    /** Sets {@code filter} on {@code body} when the request has one; an empty filter matches every point. */
    static void filter(ObjectNode body, boolean given, Common.Filter f) {
        if (given) {
            body.set("filter", filter(f));
        }
    }

    private static void conditions(ObjectNode o, String field, List<Condition> list) {
        if (!list.isEmpty()) {
            o.set(field, conditions(list));
        }
    }

    private static ArrayNode conditions(List<Condition> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(c -> a.add(condition(c)));
        return a;
    }

    static ObjectNode condition(Condition c) {
        ObjectNode o = F.objectNode();
        switch (c.getConditionOneOfCase()) {
            case FIELD -> field(o, c.getField());
            case IS_EMPTY -> o.putObject("is_empty").put("key", c.getIsEmpty().getKey());
            case IS_NULL -> o.putObject("is_null").put("key", c.getIsNull().getKey());
            case HAS_ID -> {
                ArrayNode ids = o.putArray("has_id");
                c.getHasId().getHasIdList().forEach(id -> ids.add(PointMessages.id(id)));
            }
            case FILTER -> o.set("filter", filter(c.getFilter()));
            case NESTED -> {
                ObjectNode n = o.putObject("nested");
                n.put("key", c.getNested().getKey());
                n.set("filter", filter(c.getNested().getFilter()));
            }
            case HAS_VECTOR -> o.put("has_vector", c.getHasVector().getHasVector());
            case CONDITIONONEOF_NOT_SET -> {
                // an empty object: the parser names what a condition must have
            }
        }
        return o;
    }

    private static void field(ObjectNode o, FieldCondition f) {
        o.put("key", f.getKey());
        if (f.hasMatch()) {
            o.set("match", match(f.getMatch()));
        }
        if (f.hasRange()) {
            Common.Range r = f.getRange();
            ObjectNode range = o.putObject("range");
            if (r.hasGt()) {
                range.put("gt", r.getGt());
            }
            if (r.hasGte()) {
                range.put("gte", r.getGte());
            }
            if (r.hasLt()) {
                range.put("lt", r.getLt());
            }
            if (r.hasLte()) {
                range.put("lte", r.getLte());
            }
        }
        if (f.hasDatetimeRange()) {
            Common.DatetimeRange r = f.getDatetimeRange();
            ObjectNode range = o.putObject("datetime_range");
            if (r.hasGt()) {
                range.put("gt", datetime(r.getGt()));
            }
            if (r.hasGte()) {
                range.put("gte", datetime(r.getGte()));
            }
            if (r.hasLt()) {
                range.put("lt", datetime(r.getLt()));
            }
            if (r.hasLte()) {
                range.put("lte", datetime(r.getLte()));
            }
        }
        if (f.hasGeoRadius()) {
            ObjectNode g = o.putObject("geo_radius");
            g.set("center", geoPoint(f.getGeoRadius().getCenter()));
            g.put("radius", f.getGeoRadius().getRadius());
        }
        if (f.hasGeoBoundingBox()) {
            ObjectNode g = o.putObject("geo_bounding_box");
            g.set("top_left", geoPoint(f.getGeoBoundingBox().getTopLeft()));
            g.set("bottom_right", geoPoint(f.getGeoBoundingBox().getBottomRight()));
        }
        if (f.hasGeoPolygon()) {
            ObjectNode g = o.putObject("geo_polygon");
            g.set("exterior", ring(f.getGeoPolygon().getExterior()));
            ArrayNode interiors = g.putArray("interiors");
            f.getGeoPolygon().getInteriorsList().forEach(r -> interiors.add(ring(r)));
        }
        if (f.hasValuesCount()) {
            Common.ValuesCount v = f.getValuesCount();
            ObjectNode count = o.putObject("values_count");
            unsigned(count, "gt", v.hasGt(), v.getGt());
            unsigned(count, "gte", v.hasGte(), v.getGte());
            unsigned(count, "lt", v.hasLt(), v.getLt());
            unsigned(count, "lte", v.hasLte(), v.getLte());
        }
        if (f.hasIsEmpty()) {
            o.put("is_empty", f.getIsEmpty());
        }
        if (f.hasIsNull()) {
            o.put("is_null", f.getIsNull());
        }
    }

    private static ObjectNode match(Common.Match m) {
        ObjectNode o = F.objectNode();
        switch (m.getMatchValueCase()) {
            case KEYWORD -> o.put("value", m.getKeyword());
            case INTEGER -> o.put("value", m.getInteger());
            case BOOLEAN -> o.put("value", m.getBoolean());
            case TEXT -> o.put("text", m.getText());
            case TEXT_ANY -> o.put("text_any", m.getTextAny());
            case PHRASE -> o.put("phrase", m.getPhrase());
            case KEYWORDS -> m.getKeywords().getStringsList().forEach(o.putArray("any")::add);
            case INTEGERS -> m.getIntegers().getIntegersList().forEach(o.putArray("any")::add);
            case EXCEPT_KEYWORDS -> m.getExceptKeywords().getStringsList().forEach(o.putArray("except")::add);
            case EXCEPT_INTEGERS -> m.getExceptIntegers().getIntegersList().forEach(o.putArray("except")::add);
            case MATCHVALUE_NOT_SET -> {
                // an empty match: the parser says it must have one kind
            }
        }
        return o;
    }

    private static String datetime(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }

    private static ObjectNode geoPoint(Common.GeoPoint p) {
        return F.objectNode().put("lon", p.getLon()).put("lat", p.getLat());
    }

    private static ObjectNode ring(Common.GeoLineString line) {
        ObjectNode o = F.objectNode();
        ArrayNode points = o.putArray("points");
        line.getPointsList().forEach(p -> points.add(geoPoint(p)));
        return o;
    }

    /** Sets {@code field} to the u64 {@code v} when the message has it. */
    static void unsigned(ObjectNode o, String field, boolean given, long v) {
        if (given) {
            o.set(field, unsigned(v));
        }
    }

    static JsonNode unsigned(long v) {
        return v >= 0 ? F.numberNode(v) : F.numberNode(new BigInteger(Long.toUnsignedString(v)));
    }

    /** Sets {@code points} (ids) or {@code filter} on {@code body} as the selector says; neither when it is unset. */
    static void selector(ObjectNode body, boolean given, Points.PointsSelector s) {
        if (!given) {
            return;
        }
        switch (s.getPointsSelectorOneOfCase()) {
            case POINTS -> {
                ArrayNode ids = body.putArray("points");
                s.getPoints().getIdsList().forEach(id -> ids.add(PointMessages.id(id)));
            }
            case FILTER -> body.set("filter", filter(s.getFilter()));
            case POINTSSELECTORONEOF_NOT_SET -> {
                // neither: the parser asks for exactly one
            }
        }
    }

    /** Sets {@code shard_key} on {@code body}: the keys, or {@code {target, fallback}}, as REST takes them. */
    static void shardKeys(ObjectNode body, boolean given, Points.ShardKeySelector s) {
        if (!given) {
            return;
        }
        ArrayNode keys = F.arrayNode();
        s.getShardKeysList().forEach(k -> keys.add(shardKey(k)));
        if (s.hasFallback()) {
            ObjectNode o = body.putObject("shard_key");
            o.set("target", keys.size() == 1 ? keys.get(0) : keys);
            o.set("fallback", shardKey(s.getFallback()));
        } else {
            body.set("shard_key", keys);
        }
    }

    static JsonNode shardKey(ShardKey k) {
        return switch (k.getKeyCase()) {
            case KEYWORD -> F.textNode(k.getKeyword());
            case NUMBER -> unsigned(k.getNumber());
            case KEY_NOT_SET -> F.nullNode();
        };
    }
}
