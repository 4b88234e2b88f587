package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The values of the fuzzer's request grammar, shared by {@link PointsGrammar} and {@link CollectionsGrammar}: ids as
 * integers or UUIDs, vectors of the right or a wrong dimension, payloads, filters nested in must/should/must_not
 * with every condition kind, payload and vector selectors. Outside strict mode some values are plausible mistakes
 * (a wrong dimension, an unclosed polygon). Draws only from its random source, so a seed replays every body. Not
 * thread-safe: one per case.
 */
final class RequestGrammar {
    /** What the targeted collection looks like: one 3-dimensional vector, named vectors, or not known. */
    enum Shape { SINGLE, NAMED, ANY }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> KEYS = List.of("city", "n", "tags", "loc", "reviews[].stars", "reviews", "a.b.c", "created",
            "desc", "flag", "score", "uuid", "ключ", "🦀", "a[]", "nested.x");
    private static final List<String> WORDS = List.of("Berlin", "Rome", "Oslo", "quick", "fox", "", " ", "zażółć",
            "日本語", "🦀 crab", "a\tb\nc", "Ünïcödé", "\u202eevil", "null", "0", "true");
    static final List<String> VECTOR_NAMES = List.of("text", "image", "", "nope");

    private final SplittableRandom rnd;
    private boolean strict;

    RequestGrammar(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    /** Strict: no plausible mistakes (a wrong dimension, an unclosed ring), so most bodies are accepted. */
    void strict(boolean strict) {
        this.strict = strict;
    }

    // ------------------------------------------------------------------ choices

    boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    /** Whether to make a plausible mistake here: never in strict mode. */
    boolean slip(double p) {
        return !strict && chance(p);
    }

    int between(int lo, int hi) {
        return rnd.nextInt(lo, hi + 1);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    int pickInt(int... options) {
        return options[rnd.nextInt(options.length)];
    }

    double pickDouble(double... options) {
        return options[rnd.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }

    String key() {
        return pick(KEYS);
    }

    String word() {
        return pick(WORDS);
    }

    // ------------------------------------------------------------------ values

    /** A point id: mostly small integers and a few UUIDs that collide with existing points, sometimes not an id. */
    JsonNode id() {
        int r = rnd.nextInt(100);
        if (r < 70) {
            return F.numberNode(rnd.nextInt(strict ? 30 : 40));
        }
        if (r < 82) {
            return F.textNode(new UUID(0x7c6a5bb400004000L, 0x8000000000000000L | rnd.nextInt(8)).toString());
        }
        if (r < 88) {
            return F.numberNode(new BigInteger(64, new java.util.Random(rnd.nextLong())));
        }
        if (r < 95 || strict) {
            String hex = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            return F.textNode(pick(hex, hex.replace("-", ""), "{" + hex + "}", "urn:uuid:" + hex, hex.toUpperCase()));
        }
        return pick(F.numberNode(-1), F.numberNode(1.5), F.textNode("abc"), F.textNode("42"), F.nullNode());
    }

    ArrayNode ids(int max) {
        ArrayNode a = F.arrayNode();
        int n = between(chance(0.1) ? 0 : 1, max);
        for (int i = 0; i < n; i++) {
            a.add(id());
        }
        return a;
    }

    /** Usually {@code dim} numbers; sometimes another length or a value that does not fit a float. */
    ArrayNode vector(int dim) {
        int n = slip(0.1) ? pickInt(0, 1, dim + 1, 64) : dim;
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(100);
            if (r < 80) {
                a.add(rnd.nextDouble(-1, 1));
            } else if (r < 95) {
                a.add(rnd.nextInt(-3, 4));
            } else {
                a.add(pickDouble(3.4e38, -3.4e38, 1.4e-45, 0.0, 1e-30));
            }
        }
        return a;
    }

    /** A point's vector for the targeted collection: a plain array or an object of named vectors. */
    JsonNode pointVector(Shape shape) {
        if (shape == Shape.SINGLE || (shape == Shape.ANY && chance(0.5))) {
            return slip(0.05) ? namedVectors() : vector(3);
        }
        return slip(0.05) ? vector(3) : namedVectors();
    }

    private ObjectNode namedVectors() {
        ObjectNode o = F.objectNode();
        if (chance(0.8)) {
            o.set("text", vector(2));
        }
        if (chance(0.8)) {
            o.set("image", vector(3));
        }
        if (slip(0.05)) {
            o.set(pick(VECTOR_NAMES), vector(between(1, 4)));
        }
        return o;
    }

    JsonNode scalar() {
        return switch (rnd.nextInt(5)) {
            case 0 -> F.textNode(word());
            case 1 -> F.numberNode(rnd.nextInt(-5, 100));
            case 2 -> F.numberNode(rnd.nextDouble(-100, 100));
            case 3 -> F.booleanNode(rnd.nextBoolean());
            default -> F.textNode(pick("2024-01-01T00:00:00Z", "2023-06-15T12:30:00+02:00", "2024-02-30", "1999-12-31"));
        };
    }

    ObjectNode payload(int depth) {
        ObjectNode o = F.objectNode();
        int n = between(0, 5);
        for (int i = 0; i < n; i++) {
            String k = key().replace("[]", "");
            int r = rnd.nextInt(10);
            if (r < 5 || depth > 2) {
                o.set(k, scalar());
            } else if (r < 7) {
                ArrayNode a = o.putArray(k);
                int m = between(0, 4);
                for (int j = 0; j < m; j++) {
                    a.add(chance(0.8) ? scalar() : payload(depth + 1));
                }
            } else if (r < 8) {
                o.putObject(k).put("lon", rnd.nextDouble(-180, 180)).put("lat", rnd.nextDouble(-90, 90));
            } else if (r < 9) {
                o.set(k, payload(depth + 1));
            } else {
                o.putNull(k);
            }
        }
        return o;
    }

    JsonNode withPayload() {
        return switch (rnd.nextInt(5)) {
            case 0 -> F.booleanNode(true);
            case 1 -> F.booleanNode(false);
            case 2 -> F.arrayNode().add(key()).add(key());
            case 3 -> F.objectNode().set("include", F.arrayNode().add(key()));
            default -> F.objectNode().set("exclude", F.arrayNode().add(key()));
        };
    }

    JsonNode withVector() {
        return switch (rnd.nextInt(3)) {
            case 0 -> F.booleanNode(rnd.nextBoolean());
            case 1 -> F.arrayNode().add(pick(VECTOR_NAMES));
            default -> F.booleanNode(true);
        };
    }

    // ------------------------------------------------------------------ filters

    /** A filter whose clauses nest up to {@code depth} more levels. */
    ObjectNode filter(int depth) {
        ObjectNode f = F.objectNode();
        for (String clause : List.of("must", "should", "must_not")) {
            if (chance(0.45)) {
                ArrayNode a = f.putArray(clause);
                int n = between(0, 3);
                for (int i = 0; i < n; i++) {
                    a.add(condition(depth));
                }
            }
        }
        if (chance(0.1)) {
            ObjectNode ms = f.putObject("min_should");
            ArrayNode c = ms.putArray("conditions");
            int n = between(1, 3);
            for (int i = 0; i < n; i++) {
                c.add(condition(depth));
            }
            ms.put("min_count", between(0, 3));
        }
        return f;
    }

    /** A filter nested {@code levels} deep through must clauses: near and past the parser's depth limit. */
    ObjectNode deepFilter(int levels) {
        ObjectNode inner = F.objectNode();
        inner.putArray("must").add(F.objectNode().put("key", "n").set("match", F.objectNode().put("value", 1)));
        for (int i = 0; i < levels; i++) {
            ObjectNode outer = F.objectNode();
            outer.putArray(pick("must", "should", "must_not")).add(inner);
            inner = outer;
        }
        return inner;
    }

    ObjectNode condition(int depth) {
        int r = rnd.nextInt(depth > 0 ? 16 : 13);
        String key = key();
        ObjectNode c = F.objectNode();
        switch (r) {
            case 0, 1 -> c.put("key", key).putObject("match").set("value", scalar());
            case 2 -> c.put("key", key).putObject("match").set(pick("any", "except"), scalars());
            case 3 -> c.put("key", key).putObject("match").put(pick("text", "text_any", "phrase"), word());
            case 4 -> {
                ObjectNode range = c.put("key", key).putObject(chance(0.8) ? "range" : "datetime_range");
                boolean dates = chance(0.3);
                for (String b : List.of("gt", "gte", "lt", "lte")) {
                    if (chance(0.5)) {
                        range.set(b, dates ? F.textNode(slip(0.3) ? pick("2020-01-01", "not a date") : "2024-01-01T00:00:00Z")
                                : F.numberNode(rnd.nextDouble(-10, 100)));
                    }
                }
            }
            case 5 -> {
                ObjectNode g = c.put("key", key).putObject("geo_radius");
                g.set("center", geoPoint());
                g.put("radius", rnd.nextDouble(0, 1e6));
            }
            case 6 -> {
                ObjectNode g = c.put("key", key).putObject("geo_bounding_box");
                g.set("top_left", geoPoint());
                g.set("bottom_right", geoPoint());
            }
            case 7 -> {
                ObjectNode g = c.put("key", key).putObject("geo_polygon");
                g.set("exterior", ring());
                ArrayNode interiors = g.putArray("interiors");
                if (chance(0.3)) {
                    interiors.add(ring());
                }
            }
            case 8 -> {
                ObjectNode v = c.put("key", key).putObject("values_count");
                for (String b : List.of("gt", "gte", "lt", "lte")) {
                    if (chance(0.5)) {
                        v.put(b, between(0, 5));
                    }
                }
            }
            case 9 -> c.putObject(pick("is_empty", "is_null")).put("key", key);
            case 10 -> c.put("key", key).put(pick("is_empty", "is_null"), rnd.nextBoolean());
            case 11, 12 -> c.set("has_id", ids(4));
            case 13 -> c.putObject("nested").put("key", pick("reviews", "reviews[]", "a")).set("filter", filter(depth - 1));
            default -> {
                return filter(depth - 1);
            }
        }
        return c;
    }

    private ArrayNode scalars() {
        ArrayNode a = F.arrayNode();
        boolean strings = rnd.nextBoolean();
        int n = between(0, 4);
        for (int i = 0; i < n; i++) {
            if (strings || slip(0.05)) {
                a.add(word());
            } else {
                a.add(rnd.nextInt(-5, 50));
            }
        }
        return a;
    }

    private ObjectNode geoPoint() {
        double out = slip(0.2) ? 5 : 0;
        return F.objectNode().put("lon", rnd.nextDouble(-180 - out, 180 + out)).put("lat", rnd.nextDouble(-90 - out, 90 + out));
    }

    private ObjectNode ring() {
        ArrayNode points = F.arrayNode();
        int n = between(3, 6);
        ObjectNode first = geoPoint();
        points.add(first);
        for (int i = 1; i < n; i++) {
            points.add(geoPoint());
        }
        if (!slip(0.15)) {
            points.add(first.deepCopy());
        }
        return F.objectNode().set("points", points);
    }
}
