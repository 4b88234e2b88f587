package io.atoll.api.rest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of request JSON. Every failure names the field, in Qdrant's wording and status: a value of the wrong
 * shape is a 400 ("Format error in JSON body: ..."), one out of its bounds a 422 ("Validation error in JSON body:
 * [...]"), so a caller can tell exactly what to fix. Stateless.
 */
final class JsonInput {
    /**
     * The longest key, in UTF-8 bytes, Jackson's parsers read back (their default name limit). Keys in a request body
     * are held to it when it is parsed; a string the API turns into a key (a payload index's field name,
     * set_payload's {@code key}) must be held to it too, or the WAL, the Raft log and the stored payloads would keep
     * a key they cannot read back: a metadata entry applied as a no-op, a point whose payload no read can return.
     */
    static final int MAX_KEY_BYTES = StreamReadConstraints.DEFAULT_MAX_NAME_LEN;

    private JsonInput() {
    }

    static AtollException formatError(String message) {
        return AtollException.badRequest("Format error in JSON body: " + message);
    }

    /** A well-formed value out of its bounds: Qdrant's validator answers these with 422, not 400. */
    static AtollException validationError(String message) {
        return AtollException.unprocessable("Validation error in JSON body: [" + message + "]");
    }

    static ObjectNode object(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw formatError("`" + field + "` must be an object, got " + describe(n));
        }
        return (ObjectNode) n;
    }

    static void allowOnly(ObjectNode o, String where, Set<String> allowed) {
        for (var it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw formatError("unknown field `" + f + "` in " + where + ", expected one of "
                        + allowed.stream().sorted().map(s -> "`" + s + "`").toList());
            }
        }
    }

    /**
     * Reads {@code alias} as {@code field}: Qdrant's request types accept some fields under a second name (serde
     * aliases such as {@code top} for {@code limit}), and clients written against them send either. Both at once
     * is refused, since the two would disagree on which one counts.
     */
    static void alias(ObjectNode o, String alias, String field) {
        if (!o.has(alias)) {
            return;
        }
        if (o.has(field)) {
            throw formatError("`" + alias + "` is another name for `" + field + "`; give only one of them");
        }
        o.set(field, o.remove(alias));
    }

    static JsonNode required(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw formatError("missing field `" + field + "`");
        }
        return n;
    }

    static boolean present(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && !n.isNull();
    }

    static long longValue(JsonNode n, String field, long min, long max) {
        if (n == null || !n.isIntegralNumber()) {
            throw formatError("`" + field + "` must be an integer, got " + describe(n));
        }
        // As Qdrant's deserializer and validator split it: what no unsigned 64-bit field can hold (a negative
        // number where none may be, more than 2^64 - 1) is malformed, a 400; a u64 outside the field's bounds
        // is a validation error, a 422.
        if (!n.canConvertToLong()) {
            BigInteger big = n.bigIntegerValue();
            if (big.signum() < 0 || big.bitLength() > 64) {
                throw formatError("`" + field + "`: invalid value " + big + ", expected an integer in [" + min + ", "
                        + max + "]");
            }
            throw validationError(field + ": value " + big + " is out of range [" + min + ", " + max + "]");
        }
        long v = n.asLong();
        if (v < 0 && min >= 0) {
            throw formatError("`" + field + "`: invalid value " + v + ", expected an integer in [" + min + ", " + max
                    + "]");
        }
        if (v < min || v > max) {
            throw validationError(field + ": value " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    static int intValue(JsonNode n, String field, int min, int max) {
        return (int) longValue(n, field, min, max);
    }

    static int optInt(ObjectNode o, String field, int def, int min, int max) {
        return present(o, field) ? intValue(o.get(field), field, min, max) : def;
    }

    static Integer optInteger(ObjectNode o, String field, int min, int max) {
        return present(o, field) ? intValue(o.get(field), field, min, max) : null;
    }

    static double doubleValue(JsonNode n, String field) {
        if (n == null || !n.isNumber()) {
            throw formatError("`" + field + "` must be a number, got " + describe(n));
        }
        double d = n.asDouble();
        if (!Double.isFinite(d)) {
            throw formatError("`" + field + "` must be a finite number");
        }
        return d;
    }

    static Double optDouble(ObjectNode o, String field) {
        return present(o, field) ? doubleValue(o.get(field), field) : null;
    }

    /** How many levels of objects and arrays {@code n} nests: 0 for a scalar. */
    static int depth(JsonNode n) {
        if (!n.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode e : n) {
            if (e.isContainerNode()) {
                deepest = Math.max(deepest, depth(e));
            }
        }
        return deepest + 1;
    }

    /** A string that will be stored as a key: at most {@link #MAX_KEY_BYTES} bytes. */
    static String keyText(JsonNode n, String field) {
        String s = text(n, field);
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw validationError(field + ": " + bytes + " bytes is longer than the " + MAX_KEY_BYTES + " bytes a key may have");
        }
        return s;
    }

    /** A payload path as Qdrant takes it (see PayloadPaths): keys by dots, [] or [n] after a key, quoted keys. */
    static String path(JsonNode n, String field) {
        String s = keyText(n, field);
        if (!io.atoll.point.PayloadPaths.valid(s)) {
            throw formatError("`" + field + "`: `" + s + "` is not a payload path (keys joined by dots, `[]` or "
                    + "`[n]` after a key for an array's elements, a key holding dots or brackets in double quotes)");
        }
        return s;
    }

    static boolean boolValue(JsonNode n, String field) {
        if (n == null || !n.isBoolean()) {
            throw formatError("`" + field + "` must be a boolean, got " + describe(n));
        }
        return n.asBoolean();
    }

    static boolean optBool(ObjectNode o, String field, boolean def) {
        return present(o, field) ? boolValue(o.get(field), field) : def;
    }

    static String text(JsonNode n, String field) {
        if (n == null || !n.isTextual()) {
            throw formatError("`" + field + "` must be a string, got " + describe(n));
        }
        return n.asText();
    }

    static String optText(ObjectNode o, String field) {
        return present(o, field) ? text(o.get(field), field) : null;
    }

    static List<JsonNode> array(JsonNode n, String field) {
        if (n == null || !n.isArray()) {
            throw formatError("`" + field + "` must be an array, got " + describe(n));
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    static List<String> textArray(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(n, field)) {
            out.add(text(e, field + "[]"));
        }
        return out;
    }

    /** A dense vector: every element a number that fits a finite 32-bit float. */
    static float[] vector(JsonNode n, String field) {
        if (n == null || !n.isArray()) {
            throw formatError("`" + field + "` must be an array of numbers, got " + describe(n));
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isNumber()) {
                throw formatError("`" + field + "[" + i + "]` must be a number, got " + describe(e));
            }
            float f = e.floatValue();
            if (!Float.isFinite(f)) {
                throw formatError("`" + field + "[" + i + "]` = " + e.asText() + " is not a finite 32-bit float");
            }
            v[i] = f;
        }
        return v;
    }

    /**
     * Refuses a string or key that is not valid Unicode: a lone surrogate, from a "\\ud800" escape or from the
     * surrogate's UTF-8 bytes (which Jackson decodes), cannot be written back as JSON or stored, and Qdrant's parser
     * refuses it too. Only containers and strings are walked, so a body of vectors costs one pass over its numbers.
     */
    static void requireValidUnicode(JsonNode n, String where) {
        if (n.isTextual()) {
            if (hasLoneSurrogate(n.textValue())) {
                throw formatError("`" + where + "` holds a lone UTF-16 surrogate: strings must be valid Unicode");
            }
        } else if (n.isObject()) {
            for (var e : n.properties()) {
                String path = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                if (hasLoneSurrogate(e.getKey())) {
                    throw formatError("a key in `" + (where.isEmpty() ? "the body" : where)
                            + "` holds a lone UTF-16 surrogate: keys must be valid Unicode");
                }
                requireValidUnicode(e.getValue(), path);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (e.isContainerNode() || e.isTextual()) {
                    requireValidUnicode(e, where + "[" + i + "]");
                }
            }
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String kind = n.isObject() ? "an object" : n.isArray() ? "an array" : n.isTextual() ? "a string"
                : n.isBoolean() ? "a boolean" : n.isNumber() ? "a number" : n.isNull() ? "null" : n.getNodeType().toString();
        String text = n.toString();
        return kind + (text.length() <= 40 ? " " + text : "");
    }
}
