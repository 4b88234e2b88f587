package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scroll with order_by, and order_by queries (issue 19), against an ordering made here: integer keys with
 * repeated and multiple values, float and datetime keys, both directions, start_from, filters and limits, a point
 * once per distinct value and ties by id, offsets and prefetches of queries, on one node and across a 3-node
 * cluster of 6 shards; and Qdrant's refusals.
 */
class OrderByApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 150;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Map<String, Object>> PAYLOADS = new ArrayList<>();
    private static final Map<String, Object> ONE_G = Map.of("must", List.of(Map.of("key", "g", "match",
            Map.of("value", "1"))));

    static {
        System.out.println("OrderByApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        for (int i = 0; i < POINTS; i++) {
            Map<String, Object> p = new HashMap<>();
            int kind = r.nextInt(6);
            if (kind == 0) {
                p.put("n", List.of((long) r.nextInt(40) - 10, (long) r.nextInt(40) - 10, (long) r.nextInt(40) - 10));
            } else if (kind > 1) {
                p.put("n", (long) r.nextInt(40) - 10);
            }
            p.put("price", Math.round(r.nextDouble() * 1000) / 10.0);
            p.put("at", T0.plusSeconds(r.nextInt(100_000)).toString());
            p.put("g", String.valueOf(i % 3));
            PAYLOADS.add(p);
        }
    }

    @TempDir
    Path dir;

    private static void load(RestClient client, String name, Map<String, Object> params) {
        Map<String, Object> body = new HashMap<>(params);
        body.put("vectors", Map.of("size", 2, "distance", "Dot"));
        new QdrantApi(client).createCollection(name, body);
        for (String[] index : List.of(new String[] {"n", "integer"}, new String[] {"price", "float"},
                new String[] {"at", "datetime"}, new String[] {"g", "keyword"})) {
            ok(client.put("/collections/" + name + "/index?wait=true", Map.of("field_name", index[0],
                    "field_schema", index[1])));
        }
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            points.add(Map.of("id", i + 1, "vector", List.of(1, i), "payload", PAYLOADS.get(i)));
        }
        new QdrantApi(client).upsert(name, points);
    }

    /** "id=value" entries in Qdrant's order: by value, ties by id, both in the direction asked. */
    /** {@code admit} picks points by their index in PAYLOADS (point id - 1). */
    private static List<String> reference(String key, boolean desc, Double start, int limit, IntPredicate admit) {
        record E(long id, double value) {
        }
        List<E> all = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            Map<String, Object> p = PAYLOADS.get(i);
            Object v = p.get(key);
            if (v == null || !admit.test(i)) {
                continue;
            }
            for (Object x : new LinkedHashSet<>(v instanceof List<?> l ? l : List.of(v))) {
                double d = x instanceof String s ? Instant.parse(s).toEpochMilli() * 1000.0
                        : ((Number) x).doubleValue();
                if (start == null || (desc ? d <= start : d >= start)) {
                    all.add(new E(i + 1, d));
                }
            }
        }
        Comparator<E> asc = Comparator.comparingDouble(E::value).thenComparingLong(E::id);
        all.sort(desc ? asc.reversed() : asc);
        return all.stream().limit(limit).map(e -> e.id() + "=" + e.value()).toList();
    }

    private static List<String> answer(JsonNode points) {
        List<String> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asLong() + "=" + p.get("order_value").asDouble()));
        return out;
    }

    /**
     * A scroll ({@code query} false) or a query ordered by {@code orderBy}; with a query every point must score
     * 1.0, as in Qdrant, and a scroll has no next page.
     */
    private static JsonNode ordered(RestClient client, String collection, boolean query, Object orderBy, int limit,
                                    Map<String, Object> filter) {
        Map<String, Object> body = new HashMap<>(Map.of("limit", limit, "with_payload", true));
        body.put(query ? "query" : "order_by", query ? Map.of("order_by", orderBy) : orderBy);
        if (filter != null) {
            body.put("filter", filter);
        }
        JsonNode answer = ok(client.post("/collections/" + collection + "/points/" + (query ? "query" : "scroll"),
                body));
        JsonNode points = answer.get("points");
        if (query) {
            points.forEach(p -> assertEquals(1.0, p.get("score").asDouble(), "an ordering scores 1.0: " + p));
        } else {
            assertTrue(answer.get("next_page_offset").isNull(), "no next page with order_by");
        }
        return points;
    }

    private static void checkAll(RestClient client, String collection, boolean query) {
        for (String key : List.of("n", "price", "at")) {
            for (boolean desc : List.of(false, true)) {
                String dir = desc ? "desc" : "asc";
                assertEquals(reference(key, desc, null, 25, i -> true), answer(ordered(client, collection, query,
                        Map.of("key", key, "direction", dir), 25, null)), key + " " + dir + " (seed " + SEED + ")");
                Double start = key.equals("at") ? T0.plusSeconds(50_000).toEpochMilli() * 1000.0
                        : key.equals("n") ? 3.0 : 40.5;
                Object given = key.equals("at") ? T0.plusSeconds(50_000).toString() : start;
                assertEquals(reference(key, desc, start, 200, i -> true), answer(ordered(client, collection, query,
                        Map.of("key", key, "direction", dir, "start_from", given), 200, null)),
                        key + " " + dir + " from " + given);
                assertEquals(reference(key, desc, null, 7, i -> PAYLOADS.get(i).get("g").equals("1")),
                        answer(ordered(client, collection, query, Map.of("key", key, "direction", dir), 7, ONE_G)),
                        key + " " + dir + " filtered");
            }
        }
        JsonNode plain = ordered(client, collection, query, "n", 3, null);
        assertEquals(reference("n", false, null, 3, i -> true), answer(plain), "a bare key orders ascending");
        assertTrue(plain.get(0).get("order_value").isIntegralNumber(), "integer keys give integers: " + plain);
    }

    @Test
    void orderByMatchesTheReferenceOnOneNode() {
        String c = AtollServerExtension.collection("order_by");
        load(SERVER.client(), c, Map.of("shard_number", 3));
        checkAll(SERVER.client(), c, false);
    }

    @Test
    void orderByQueriesMatchTheReference() {
        String c = AtollServerExtension.collection("order_by_query");
        load(SERVER.client(), c, Map.of("shard_number", 3));
        RestClient client = SERVER.client();
        checkAll(client, c, true);
        String path = "/collections/" + c + "/points/query";
        Map<String, Object> desc = Map.of("order_by", Map.of("key", "n", "direction", "desc"));
        assertEquals(reference("n", true, null, 9, i -> true).subList(4, 9), answer(ok(client.post(path, Map.of(
                "query", desc, "limit", 5, "offset", 4))).get("points")), "an offset skips entries of the ordering");
        // over prefetched points only: the first 20 ids (a listing), the 30 nearest to (0, 1) (ids 121 to 150),
        // the points of one group
        assertEquals(reference("price", false, null, 50, i -> i < 20), answer(ok(client.post(path, Map.of(
                "prefetch", Map.of("limit", 20), "query", Map.of("order_by", "price"), "limit", 50)))
                .get("points")), "the ordering of a listing's points");
        assertEquals(reference("n", true, null, 50, i -> i >= 120), answer(ok(client.post(path, Map.of(
                "prefetch", Map.of("query", List.of(0, 1), "limit", 30), "query", desc, "limit", 50)))
                .get("points")), "the ordering of the nearest points");
        assertEquals(reference("at", false, null, 8, i -> PAYLOADS.get(i).get("g").equals("1")), answer(ok(
                client.post(path, Map.of("prefetch", List.of(Map.of("filter", ONE_G, "limit", 200)), "query",
                        Map.of("order_by", "at"), "limit", 8))).get("points")), "the ordering of a filtered prefetch");
        // an ordering as a prefetch of a fusion: its points in its order rank first
        List<String> top = reference("price", true, null, 3, i -> true);
        JsonNode fused = ok(client.post(path, Map.of("prefetch", List.of(Map.of("query", Map.of("order_by",
                Map.of("key", "price", "direction", "desc")), "limit", 3)), "query", Map.of("fusion", "rrf"),
                "limit", 3, "with_payload", true))).get("points");
        assertEquals(top, answer(fused), "RRF of one ordering keeps its order and its points' values");
        fused.forEach(p -> assertEquals(p.at("/payload/price").asDouble(), p.get("order_value").asDouble()));
        // groups list a point once, though an ordering lists it once per value of a multi-valued key
        JsonNode groups = ok(client.post(path + "/groups", Map.of("query", Map.of("order_by", "n"), "group_by", "g",
                "group_size", 3, "limit", 3))).get("groups");
        assertEquals(3, groups.size(), "three groups: " + groups);
        for (JsonNode g : groups) {
            String value = g.get("id").asText();
            List<String> want = reference("n", false, null, 3 * POINTS, i -> PAYLOADS.get(i).get("g").equals(value))
                    .stream().map(e -> e.substring(0, e.indexOf('='))).distinct().limit(3).toList();
            List<String> got = new ArrayList<>();
            g.get("hits").forEach(h -> got.add(h.get("id").asText()));
            assertEquals(want, got, "group " + value + " (seed " + SEED + ")");
        }
    }

    /**
     * In the long profile (mvn -Plong): the default run checks cross-shard merges through QueryStagesApiTest and
     * FacetsApiTest.
     */
    @Tag("long")
    @Test
    void orderByMergesAClustersShards() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            load(cluster.node(0).client(), "ordered", Map.of("shard_number", 6, "replication_factor", 2));
            checkAll(cluster.node(1).client(), "ordered", false);
            checkAll(cluster.node(2).client(), "ordered", true);
        }
    }

    @Test
    void badOrderingsGetQdrantsErrors() {
        String c = AtollServerExtension.collection("order_by_bad");
        load(SERVER.client(), c, Map.of());
        RestClient client = SERVER.client();
        ok(client.put("/collections/" + c + "/index?wait=true", Map.of("field_name", "lookup_only", "field_schema",
                Map.of("type", "integer", "lookup", true, "range", false))));
        String path = "/collections/" + c + "/points/scroll";
        for (String key : List.of("g", "unindexed", "lookup_only")) {
            error(client.post(path, Map.of("order_by", key)), 400, "No range index for `order_by` key: `" + key + "`");
        }
        error(client.post(path, Map.of("order_by", "n", "offset", 5)), 400, "Cannot use an `offset` when using "
                + "`order_by`");
        error(client.post(path, Map.of("order_by", Map.of("key", "n", "direction", "up"))), 400, "direction");
        error(client.post(path, Map.of("order_by", Map.of("key", "n", "start_from", "soon"))), 400, "start_from");
        error(client.post(path, Map.of("order_by", Map.of("direction", "asc"))), 400, "key");
        error(client.post(path, Map.of("order_by", 5)), 400, "order_by");
        error(client.post(path, Map.of("order_by", Map.of("key", "n", "start_from", List.of(1)))), 400, "start_from");
        String query = "/collections/" + c + "/points/query";
        error(client.post(query, Map.of("query", Map.of("order_by", "g"))), 400, "No range index for `order_by` key");
        error(client.post(query, Map.of("query", Map.of("order_by", "n"), "score_threshold", 0.5)), 400,
                "Can't use score_threshold with an order_by query.");
        error(client.post(query, Map.of("query", Map.of("order_by", Map.of("key", "n", "direction", "up")))), 400,
                "query.order_by.direction");
        error(client.post(query, Map.of("query", Map.of("order_by", 5))), 400, "order_by");
        Map<String, Object> nothing = new HashMap<>();
        nothing.put("order_by", null);
        error(client.post(query, Map.of("query", nothing)), 400, "query.order_by");
        error(client.post(query, Map.of("query", Map.of("order_by", Map.of("key", "n", "start_from", Double.NaN)))),
                400, "start_from");
        error(client.post(query, Map.of("query", Map.of("order_by", Map.of("key", "n", "start_from", "1e999")))),
                400, "start_from");
        assertEquals(POINTS, new QdrantApi(client).count(c));
    }
}
