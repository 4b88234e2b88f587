package io.atoll.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.atoll.testing.RestClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Breaks request bodies for the fuzzer, in two ways. {@link #mutate} changes a valid-looking body's tree and stays
 * syntactically JSON (or nearly: bare NaN, a key given twice): a value swapped for another type or a boundary number
 * written as text (1e308, 2^64, -0), a field removed or unknown, an odd key (a lone surrogate, 10 000 characters),
 * a huge or deeply nested value; half of them land where the parsers accept many values (payloads, match values,
 * ids, names), so they reach storage, indexes and responses. {@link #malform}
 * damages the serialized bytes: truncation, flipped bytes, trailing garbage, a BOM, invalid UTF-8, another encoding.
 */
final class JsonMutator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Number tokens written verbatim: past double, long and u64 ranges, negative zero, and JSON's missing NaN. */
    private static final List<String> RAW_NUMBERS = List.of("1e308", "-1e308", "1e309", "-1e400", "1e-400", "4.9e-324",
            "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "2147483647", "2147483648", "-2147483649", "-0", "-0.0", "0.0", "1E2", "3.4028235e38",
            "3.5e38", "123456789012345678901234567890.5", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5");
    /** String escapes Jackson would not write: lone and reversed surrogates, NUL. */
    private static final List<String> RAW_STRINGS = List.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"a\\u0000b\"",
            "\"\\uDBFF\\uDFFF\"");

    private final RequestGrammar g;

    JsonMutator(RequestGrammar g) {
        this.g = g;
    }

    /** A request body and the names of what was done to it (for the summary). */
    record Body(byte[] bytes, List<String> changes) {
    }

    static byte[] write(JsonNode n) {
        try {
            return RestClient.JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ tree mutations

    /**
     * A place in the tree: the container holding a node, and its key or index there (root: no parent). {@code value}
     * marks places the parsers accept many values at (payload contents, match values, range bounds, ids, names),
     * where a mutation may pass the parser and reach storage, indexes and the response writer.
     */
    private record Slot(JsonNode parent, String key, int index, JsonNode node, boolean value) {
        void replace(JsonNode with) {
            if (parent instanceof ObjectNode o) {
                o.set(key, with);
            } else if (parent instanceof ArrayNode a) {
                a.set(index, with);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(key);
            } else if (parent instanceof ArrayNode a) {
                a.remove(index);
            }
        }
    }

    private static final java.util.Set<String> DATA = java.util.Set.of("payload", "payloads");
    private static final java.util.Set<String> VALUES = java.util.Set.of("value", "any", "except", "text", "text_any",
            "phrase", "gt", "gte", "lt", "lte", "key", "field_name", "radius", "lon", "lat", "limit", "offset",
            "score_threshold", "hnsw_ef", "id", "ids", "has_id", "points", "alias_name", "collection_name", "keys",
            "vector", "query", "nearest", "using", "with_payload", "with_vector", "min_count", "size", "m", "ef_construct",
            "shard_number", "full_scan_threshold", "indexing_threshold", "min_token_len", "max_token_len");

    /** Every place in the tree; array elements are value places when their array is one. */
    private static void slots(JsonNode parent, String key, int index, JsonNode n, boolean value, boolean inData,
                              List<Slot> out) {
        out.add(new Slot(parent, key, index, n, value || inData));
        boolean data = inData || (key != null && DATA.contains(key));
        if (n.isObject()) {
            for (var e : n.properties()) {
                slots(n, e.getKey(), -1, e.getValue(), VALUES.contains(e.getKey()), data, out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                slots(n, null, i, n.get(i), value || data, data, out);
            }
        }
    }

    /** Keys written verbatim in place of a marker: lone surrogates, NUL, path syntax, a 10 000 character key. */
    private static final List<String> RAW_KEYS = List.of("\"\\ud800\"", "\"\\udc00x\"", "\"\"", "\"a\\u0000b\"",
            "\"a.b\"", "\"a[0]\"", "\"[]\"", "\"$\"", "\"日本語\"", "\"" + "k".repeat(10_000) + "\"");

    /** One to three mutations of a copy of {@code body}. */
    Body mutate(JsonNode body) {
        JsonNode root = body.deepCopy();
        List<String> changes = new ArrayList<>();
        // marker keys (unique, control characters Jackson writes escaped) and the raw JSON text that replaces each
        java.util.Map<String, String> rawKeys = new java.util.LinkedHashMap<>();
        int n = g.between(1, 3);
        for (int i = 0; i < n; i++) {
            List<Slot> slots = new ArrayList<>();
            slots(null, null, -1, root, false, false, slots);
            List<Slot> inner = slots.subList(1, slots.size());
            List<Slot> values = inner.stream().filter(Slot::value).toList();
            int r = g.between(0, 99);
            if (r < 3 || inner.isEmpty()) {
                root = weird();
                changes.add("root");
                continue;
            }
            Slot s = g.chance(0.5) && !values.isEmpty() ? g.pick(values) : g.pick(inner);
            if (r < 40) {
                s.replace(weird());
                changes.add("weird value");
            } else if (r < 55) {
                s.replace(otherType(s.node()));
                changes.add("type swap");
            } else if (r < 63) {
                s.remove();
                changes.add("removed");
            } else if (r < 69) {
                ObjectNode o = objectIn(slots);
                if (o != null) {
                    o.set("zz_" + g.word(), g.scalar());
                }
                changes.add("unknown field");
            } else if (r < 75) {
                ObjectNode o = objectIn(slots);
                if (o != null && !o.isEmpty()) {
                    String first = o.properties().iterator().next().getKey();
                    String marker = "\u0001k" + rawKeys.size();
                    rawKeys.put(marker, new String(write(F.textNode(first)), StandardCharsets.UTF_8));
                    o.set(marker, o.get(first).deepCopy());
                }
                changes.add("duplicate key");
            } else if (r < 81) {
                ObjectNode o = objectIn(values.isEmpty() ? slots : values);
                if (o != null) {
                    String marker = "\u0001k" + rawKeys.size();
                    rawKeys.put(marker, g.pick(RAW_KEYS));
                    o.set(marker, g.chance(0.5) ? g.scalar() : weird());
                }
                changes.add("weird key");
            } else if (r < 86) {
                s.replace(F.rawValueNode(new RawValue(nested(g.pickInt(8, 40, 250, 257, 400, 990, 998, 1200, 3000)))));
                changes.add("deep nesting");
            } else if (r < 90) {
                s.replace(g.deepFilter(g.between(20, 40)));
                changes.add("deep filter");
            } else {
                s.replace(huge());
                changes.add("huge value");
            }
        }
        byte[] bytes = write(root);
        if (!rawKeys.isEmpty()) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (var e : rawKeys.entrySet()) {
                text = text.replace(new String(write(F.textNode(e.getKey())), StandardCharsets.UTF_8), e.getValue());
            }
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        return new Body(bytes, changes);
    }

    private ObjectNode objectIn(List<Slot> slots) {
        List<ObjectNode> objects = new ArrayList<>();
        for (Slot s : slots) {
            if (s.node() instanceof ObjectNode o) {
                objects.add(o);
            }
        }
        return objects.isEmpty() ? null : g.pick(objects);
    }

    /** A value from the boundary pool: raw number tokens, odd strings, empty containers, extremes. */
    JsonNode weird() {
        return switch (g.between(0, 9)) {
            case 0, 1, 2 -> F.rawValueNode(new RawValue(g.pick(RAW_NUMBERS)));
            case 3 -> F.rawValueNode(new RawValue(g.pick(RAW_STRINGS)));
            case 4 -> F.textNode(g.pick("NaN", "Infinity", "-1", "1e308", "", " ", "2024-13-45T99:99:99Z",
                    "00000000-0000-0000-0000-00000000000g", "../../etc/passwd", "%00", "\u0000", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🦀", "\u202e"));
            case 5 -> g.pick(F.objectNode(), F.arrayNode(), F.arrayNode().addNull(), F.arrayNode().add(F.arrayNode()),
                    F.objectNode().put("", ""));
            case 6 -> g.pick(F.nullNode(), F.booleanNode(true), F.booleanNode(false));
            case 7 -> F.numberNode((long) g.pick(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MIN_VALUE));
            case 8 -> F.numberNode(g.pickDouble(Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-7, 0.5));
            default -> g.scalar();
        };
    }

    private JsonNode otherType(JsonNode n) {
        if (n.isTextual()) {
            return g.pick(F.numberNode(1), F.booleanNode(true), F.arrayNode().add(n), F.objectNode().set("v", n));
        }
        if (n.isNumber()) {
            return g.pick(F.textNode(n.asText()), F.booleanNode(false), F.arrayNode().add(n), F.nullNode());
        }
        if (n.isBoolean()) {
            return g.pick(F.textNode(n.asText()), F.numberNode(1), F.nullNode());
        }
        if (n.isArray()) {
            return g.pick(F.objectNode(), F.textNode("[]"), n.isEmpty() ? F.nullNode() : n.get(0), F.numberNode(3));
        }
        if (n.isObject()) {
            return g.pick(F.arrayNode().add(n), F.textNode("{}"), F.booleanNode(true), F.numberNode(0));
        }
        return g.pick(F.objectNode(), F.arrayNode(), F.textNode("null"), F.numberNode(0));
    }

    private String nested(int depth) {
        boolean arrays = g.chance(0.5);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "[" : "{\"a\":");
        }
        b.append("1");
        for (int i = 0; i < depth; i++) {
            b.append(arrays ? "]" : "}");
        }
        return b.toString();
    }

    private JsonNode huge() {
        return switch (g.between(0, 4)) {
            case 0 -> F.textNode("x".repeat(g.pickInt(1000, 70_000, 400_000)));
            case 1 -> {
                ArrayNode a = F.arrayNode();
                int n = g.pickInt(1000, 5000, 30_000);
                for (int i = 0; i < n; i++) {
                    a.add(i % 7);
                }
                yield a;
            }
            case 2 -> F.rawValueNode(new RawValue("1" + "0".repeat(g.pickInt(400, 1200, 5000))));
            case 3 -> {
                ObjectNode o = F.objectNode();
                o.put("k".repeat(g.pickInt(300, 60_000)), 1);
                yield o;
            }
            default -> F.textNode("日本語🦀".repeat(2000));
        };
    }

    // ------------------------------------------------------------------ byte damage

    /** Damaged bytes of a serialized body. */
    Body malform(byte[] valid) {
        byte[] b = valid;
        String what;
        switch (g.between(0, 13)) {
            case 0 -> {
                b = java.util.Arrays.copyOf(valid, valid.length == 0 ? 0 : g.between(0, valid.length - 1));
                what = "truncated";
            }
            case 1 -> {
                b = valid.clone();
                int flips = g.between(1, 4);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    b[g.between(0, b.length - 1)] = (byte) g.between(0, 255);
                }
                what = "flipped bytes";
            }
            case 2 -> {
                b = insert(valid, g.pick("{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "'", "\u00ff").getBytes(StandardCharsets.UTF_8));
                what = "inserted char";
            }
            case 3 -> {
                b = concat(valid, g.pick("}", ",", " {}", "x", "\u0000", "]", " // c", "/* c */", "\n\n{\"a\":1}", " null")
                        .getBytes(StandardCharsets.UTF_8));
                what = "trailing garbage";
            }
            case 4 -> {
                b = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid);
                what = "BOM";
            }
            case 5 -> {
                b = new String(valid, StandardCharsets.UTF_8).getBytes(g.pick(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                        StandardCharsets.UTF_16));
                what = "UTF-16";
            }
            case 6 -> {
                byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
                b = insertInString(valid, g.pick(bad));
                what = "invalid UTF-8";
            }
            case 7 -> {
                b = g.pick("", " ", "\r\n\t ", "\u0000").getBytes(StandardCharsets.UTF_8);
                what = "empty";
            }
            case 8 -> {
                b = new byte[g.between(1, 64)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) g.between(0, 255);
                }
                what = "garbage";
            }
            case 9 -> {
                b = g.pick("null", "[]", "\"x\"", "1", "true", "[" + new String(valid, StandardCharsets.UTF_8) + "]")
                        .getBytes(StandardCharsets.UTF_8);
                what = "not an object";
            }
            case 10 -> {
                b = new String(valid, StandardCharsets.UTF_8).replace('"', '\'').getBytes(StandardCharsets.UTF_8);
                what = "single quotes";
            }
            case 11 -> {
                b = new String(valid, StandardCharsets.UTF_8).replaceFirst("\"([a-z_]+)\":", "$1:").getBytes(StandardCharsets.UTF_8);
                what = "unquoted key";
            }
            case 12 -> {
                b = new String(valid, StandardCharsets.UTF_8).replaceFirst("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?",
                        g.pick("NaN", "Infinity", "-", "1.", "1e", "--1", "0x1F")).getBytes(StandardCharsets.UTF_8);
                what = "bad number";
            }
            default -> {
                b = new String(valid, StandardCharsets.UTF_8).replaceFirst(",", "").getBytes(StandardCharsets.UTF_8);
                what = "missing comma";
            }
        }
        return new Body(b, List.of(what));
    }

    private byte[] insert(byte[] in, byte[] what) {
        int at = in.length == 0 ? 0 : g.between(0, in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(what);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    /** Inserts right after a random quote, so the bytes land inside a key or string value. */
    private byte[] insertInString(byte[] in, byte[] what) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '"') {
                quotes.add(i);
            }
        }
        if (quotes.isEmpty()) {
            return insert(in, what);
        }
        int at = g.pick(quotes) + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(what);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
