package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.atoll.operation.PointsSelector;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.UpdateMode;
import io.atoll.operation.RoutedUpdate;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.VectorValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Parses point ids, points, vectors and the bodies of the points update endpoints. Stateless. */
public final class PointParser {
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private PointParser() {
    }

    static PointId id(JsonNode n, String field) {
        if (n != null && n.isIntegralNumber()) {
            BigInteger v = n.bigIntegerValue();
            if (v.signum() >= 0 && v.compareTo(MAX_U64) <= 0) {
                return PointId.of(v.longValue());
            }
        } else if (n != null && n.isTextual()) {
            PointId id = idFromString(n.asText());
            if (id != null) {
                return id;
            }
        }
        throw formatError("`" + field + "`: " + JsonInput.describe(n)
                + " is not a valid point ID, valid values are either an unsigned integer or a UUID");
    }

    /** A UUID in any of its usual spellings (hyphenated, simple, braced, urn). */
    static PointId idFromString(String s) {
        String t = s.trim();
        if (t.startsWith("urn:uuid:")) {
            t = t.substring(9);
        }
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.length() == 32 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            t = t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-" + t.substring(16, 20) + "-" + t.substring(20);
        }
        if (t.length() != 36) {
            return null;
        }
        try {
            return PointId.of(UUID.fromString(t));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path parameter: a decimal unsigned integer or a UUID. */
    static PointId idFromPath(String s) {
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            BigInteger v = new BigInteger(s);
            if (v.compareTo(MAX_U64) <= 0) {
                return PointId.of(v.longValue());
            }
        }
        PointId id = idFromString(s);
        if (id == null) {
            throw AtollException.badRequest("Wrong input: Unable to parse point id `" + s
                    + "`: it must be an unsigned integer or a UUID");
        }
        return id;
    }

    static List<PointId> ids(JsonNode n, String field) {
        List<PointId> out = new ArrayList<>();
        for (JsonNode e : JsonInput.array(n, field)) {
            out.add(id(e, field + "[]"));
        }
        return out;
    }

    static ObjectNode payload(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return JsonInput.object(n, field);
    }

    /** A point's vectors: the unnamed vector (dense or multi) or an object of named vectors of any kind. */
    static Map<String, VectorValue> vectors(JsonNode n, String field) {
        Map<String, VectorValue> out = new HashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            out.put(PointStruct.DEFAULT_VECTOR, VectorValueParser.value(n, field, field));
            return out;
        }
        if (!n.isObject()) {
            throw formatError("`" + field + "` must be an array of numbers or an object of named vectors, got " + JsonInput.describe(n));
        }
        InferenceInputs.refuse(n, field);
        for (var it = n.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), VectorValueParser.value(e.getValue(), field + "." + e.getKey(), field + ".?"));
        }
        return out;
    }

    static PointStruct point(JsonNode n, String field) {
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("id", "vector", "vectors", "payload"));
        PointId id = id(JsonInput.required(o, "id"), field + ".id");
        // Qdrant requires the field; a point without vectors says so with {} (named vectors).
        JsonNode vector = o.has("vector") ? o.get("vector") : o.get("vectors");
        if (vector == null || vector.isNull()) {
            throw formatError("missing field `vector` in " + field);
        }
        return new PointStruct(id, vectors(vector, field + ".vector"),
                payload(o.get("payload"), field + ".payload"));
    }

    /** An upsert, with Qdrant's {@code update_filter} and {@code update_mode}. */
    public static PointsUpdate.Upsert upsert(ObjectNode body) {
        List<PointStruct> points = upsertPoints(body);
        UpdateMode mode = UpdateMode.UPSERT;
        if (JsonInput.present(body, "update_mode")) {
            JsonNode m = body.get("update_mode");
            mode = m.isTextual() ? UpdateMode.byApiName(m.asText()) : null;
            if (mode == null) {
                throw formatError("unknown variant " + JsonInput.describe(m) + " for `update_mode`, expected one of "
                        + "`upsert`, `insert_only`, `update_only`");
            }
        }
        return new PointsUpdate.Upsert(points, updateFilter(body), mode);
    }

    /** The points of an upsert: {@code {"points": [...]}} or the column form {@code {"batch": {...}}}. */
    private static List<PointStruct> upsertPoints(ObjectNode body) {
        JsonInput.allowOnly(body, "upsert", Set.of("points", "batch", "shard_key", "update_filter", "update_mode"));
        if (JsonInput.present(body, "points") == JsonInput.present(body, "batch")) {
            throw formatError("upsert needs exactly one of `points` and `batch`");
        }
        if (JsonInput.present(body, "points")) {
            List<PointStruct> out = new ArrayList<>();
            List<JsonNode> items = JsonInput.array(body.get("points"), "points");
            for (int i = 0; i < items.size(); i++) {
                out.add(point(items.get(i), "points[" + i + "]"));
            }
            return out;
        }
        ObjectNode batch = JsonInput.object(body.get("batch"), "batch");
        JsonInput.allowOnly(batch, "batch", Set.of("ids", "vectors", "payloads"));
        List<PointId> ids = ids(JsonInput.required(batch, "ids"), "batch.ids");
        if (!JsonInput.present(batch, "vectors")) {
            throw formatError("missing field `vectors` in batch");
        }
        List<Map<String, VectorValue>> vectors = batchVectors(batch.get("vectors"), ids.size());
        List<JsonNode> payloads = JsonInput.present(batch, "payloads") ? JsonInput.array(batch.get("payloads"), "batch.payloads") : null;
        if (payloads != null && payloads.size() != ids.size()) {
            throw AtollException.badRequest("Wrong input: batch has " + ids.size() + " ids but " + payloads.size() + " payloads");
        }
        List<PointStruct> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add(new PointStruct(ids.get(i), vectors.get(i),
                    payloads == null ? JsonNodeFactory.instance.objectNode() : payload(payloads.get(i), "batch.payloads[" + i + "]")));
        }
        return out;
    }

    private static List<Map<String, VectorValue>> batchVectors(JsonNode n, int count) {
        List<Map<String, VectorValue>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new HashMap<>());
        }
        if (n == null || n.isNull()) {
            return out;
        }
        Map<String, JsonNode> columns = new HashMap<>();
        if (n.isArray()) {
            columns.put(PointStruct.DEFAULT_VECTOR, n);
        } else if (n.isObject()) {
            n.properties().forEach(e -> columns.put(e.getKey(), e.getValue()));
        } else {
            throw formatError("`batch.vectors` must be an array of vectors or an object of named vector arrays");
        }
        columns.forEach((name, column) -> {
            String field = n.isArray() ? "batch.vectors" : "batch.vectors." + name;
            List<JsonNode> rows = JsonInput.array(column, field);
            if (rows.size() != count) {
                throw AtollException.badRequest("Wrong input: batch has " + count + " ids but " + rows.size() + " vectors in `" + field + "`");
            }
            for (int i = 0; i < count; i++) {
                String row = field + "[" + i + "]";
                out.get(i).put(name, VectorValueParser.value(rows.get(i), row,
                        n.isArray() ? row : "batch.vectors.?[" + i + "]"));
            }
        });
        return out;
    }

    /** {@code update_filter}: existing points are changed only when they match it. */
    private static io.atoll.filter.Filter updateFilter(ObjectNode body) {
        return FilterParser.optional(body.get("update_filter"));
    }

    /** {@code points} (ids) or {@code filter}, exactly one. */
    static PointsSelector selector(ObjectNode body) {
        boolean hasPoints = JsonInput.present(body, "points");
        boolean hasFilter = JsonInput.present(body, "filter");
        if (hasPoints == hasFilter) {
            throw formatError("give exactly one of `points` (a list of ids) and `filter`");
        }
        return hasPoints ? PointsSelector.ids(ids(body.get("points"), "points"))
                : PointsSelector.filter(FilterParser.orEmpty(body.get("filter")));
    }

    public static PointsUpdate delete(ObjectNode body) {
        JsonInput.allowOnly(body, "delete", Set.of("points", "filter", "shard_key"));
        return new PointsUpdate.Delete(selector(body));
    }

    public static PointsUpdate setPayload(ObjectNode body) {
        JsonInput.allowOnly(body, "set_payload", Set.of("payload", "points", "filter", "key", "shard_key"));
        String key = JsonInput.present(body, "key") ? JsonInput.path(body.get("key"), "key") : null;
        ObjectNode payload = JsonInput.object(JsonInput.required(body, "payload"), "payload");
        // each step of the key is one more level above the payload in the stored document
        if (key != null && PayloadPaths.depth(key) + JsonInput.depth(payload) > Http.MAX_NESTING) {
            throw formatError("`payload` set under `key` (" + PayloadPaths.depth(key) + " levels) would nest "
                    + "deeper than the " + Http.MAX_NESTING + " levels a payload may have");
        }
        return new PointsUpdate.SetPayload(selector(body), payload, key);
    }

    public static PointsUpdate overwritePayload(ObjectNode body) {
        JsonInput.allowOnly(body, "overwrite_payload", Set.of("payload", "points", "filter", "key", "shard_key"));
        return new PointsUpdate.OverwritePayload(selector(body), JsonInput.object(JsonInput.required(body, "payload"), "payload"));
    }

    public static PointsUpdate deletePayload(ObjectNode body) {
        JsonInput.allowOnly(body, "delete_payload", Set.of("keys", "points", "filter", "shard_key"));
        List<String> keys = JsonInput.textArray(JsonInput.required(body, "keys"), "keys");
        keys.forEach(k -> JsonInput.path(TextNode.valueOf(k), "keys[]"));
        return new PointsUpdate.DeletePayload(selector(body), keys);
    }

    public static PointsUpdate clearPayload(ObjectNode body) {
        JsonInput.allowOnly(body, "clear_payload", Set.of("points", "filter", "shard_key"));
        return new PointsUpdate.ClearPayload(selector(body));
    }

    public static PointsUpdate updateVectors(ObjectNode body) {
        JsonInput.allowOnly(body, "update_vectors", Set.of("points", "shard_key", "update_filter"));
        // Entries for the same point add up, as in Qdrant: a later entry's vector replaces an earlier one's of the
        // same name only.
        Map<PointId, Map<String, VectorValue>> byPoint = new LinkedHashMap<>();
        List<JsonNode> items = JsonInput.array(JsonInput.required(body, "points"), "points");
        for (int i = 0; i < items.size(); i++) {
            ObjectNode p = JsonInput.object(items.get(i), "points[" + i + "]");
            // Qdrant's clients may send a point's payload along; Qdrant ignores it here, so does Atoll.
            JsonInput.alias(p, "vectors", "vector");
            JsonInput.allowOnly(p, "points[" + i + "]", Set.of("id", "vector", "payload"));
            Map<String, VectorValue> vectors = vectors(JsonInput.required(p, "vector"), "points[" + i + "].vector");
            if (vectors.isEmpty()) {
                throw AtollException.badRequest("Wrong input: points[" + i + "].vector names no vector to update");
            }
            byPoint.computeIfAbsent(id(JsonInput.required(p, "id"), "points[" + i + "].id"), k -> new LinkedHashMap<>())
                    .putAll(vectors);
        }
        List<PointVectors> out = new ArrayList<>();
        byPoint.forEach((id, vectors) -> out.add(new PointVectors(id, vectors)));
        return new PointsUpdate.UpdateVectors(out, updateFilter(body));
    }

    public static PointsUpdate deleteVectors(ObjectNode body) {
        JsonInput.alias(body, "vectors", "vector");
        JsonInput.allowOnly(body, "delete_vectors", Set.of("points", "filter", "vector", "shard_key"));
        return new PointsUpdate.DeleteVectors(selector(body), JsonInput.textArray(JsonInput.required(body, "vector"), "vector"));
    }

    /** One entry of POST /points/batch: an object with exactly one operation key. */
    public static RoutedUpdate batchOperation(JsonNode n, int index) {
        ObjectNode o = JsonInput.object(n, "operations[" + index + "]");
        if (o.size() != 1) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(k -> keys.add("`" + k + "`"));
            throw formatError("`operations[" + index + "]` must have exactly one operation key, got " + keys);
        }
        String kind = o.fieldNames().next();
        ObjectNode body = JsonInput.object(o.get(kind), "operations[" + index + "]." + kind);
        return new RoutedUpdate(batchUpdate(kind, body, index), ShardKeyParser.selector(body));
    }

    private static PointsUpdate batchUpdate(String kind, ObjectNode body, int index) {
        return switch (kind) {
            case "upsert" -> upsert(body);
            case "delete" -> delete(body);
            case "set_payload" -> setPayload(body);
            case "overwrite_payload" -> overwritePayload(body);
            case "delete_payload" -> deletePayload(body);
            case "clear_payload" -> clearPayload(body);
            case "update_vectors" -> updateVectors(body);
            case "delete_vectors" -> deleteVectors(body);
            default -> throw formatError("unknown operation `" + kind + "` in operations[" + index + "], expected one of "
                    + "`upsert`, `delete`, `set_payload`, `overwrite_payload`, `delete_payload`, `clear_payload`, "
                    + "`update_vectors`, `delete_vectors`");
        };
    }
}
