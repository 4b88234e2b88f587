package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /collections/{c}/facet (issue 19): counts of keyword, uuid, integer and bool values against counts made
 * here from the random payloads written (arrays with repeated values included: a point counts once per distinct
 * value), with filters, limits and Qdrant's order, on one node and summed over a 3-node cluster's shards.
 */
class FacetsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 200;
    private static final List<String> COLORS = List.of("red", "green", "blue", "amber", "teal", "plum");
    private static final List<String> UUIDS = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    private static final List<Map<String, Object>> PAYLOADS = new ArrayList<>();

    static {
        System.out.println("FacetsApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        for (int i = 0; i < POINTS; i++) {
            Map<String, Object> p = new HashMap<>();
            List<Object> colors = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                colors.add(COLORS.get(r.nextInt(COLORS.size())));
            }
            p.put("color", colors.size() == 1 ? colors.getFirst() : colors);
            List<Object> sizes = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                sizes.add((long) r.nextInt(9) - 2);
            }
            p.put("size", sizes);
            if (r.nextInt(5) > 0) {
                p.put("flag", r.nextBoolean());
            }
            p.put("ref", UUIDS.get(r.nextInt(UUIDS.size())));
            p.put("part", i % 4);
            PAYLOADS.add(p);
        }
    }

    @TempDir
    Path dir;

    private static void load(RestClient client, String name, Map<String, Object> params) {
        Map<String, Object> body = new HashMap<>(params);
        body.put("vectors", Map.of("size", 2, "distance", "Dot"));
        new QdrantApi(client).createCollection(name, body);
        for (String[] index : List.of(new String[] {"color", "keyword"}, new String[] {"size", "integer"},
                new String[] {"flag", "bool"}, new String[] {"ref", "uuid"}, new String[] {"part", "float"})) {
            ok(client.put("/collections/" + name + "/index?wait=true", Map.of("field_name", index[0],
                    "field_schema", index[1])));
        }
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            points.add(Map.of("id", i + 1, "vector", List.of(1, i), "payload", PAYLOADS.get(i)));
        }
        new QdrantApi(client).upsert(name, points);
    }

    /** Value to count, each point counted once per distinct value, over the points {@code admit} accepts. */
    private static List<Map.Entry<Object, Long>> reference(String key, Predicate<Map<String, Object>> admit) {
        Map<Object, Long> counts = new HashMap<>();
        for (Map<String, Object> p : PAYLOADS) {
            Object v = p.get(key);
            if (v == null || !admit.test(p)) {
                continue;
            }
            Set<Object> distinct = new HashSet<>(v instanceof List<?> l ? l : List.of(v));
            distinct.forEach(x -> counts.merge(x, 1L, Long::sum));
        }
        List<Map.Entry<Object, Long>> out = new ArrayList<>(counts.entrySet());
        out.sort(Map.Entry.<Object, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> String.valueOf(e.getKey()), FacetsApiTest::compareValues));
        return out;
    }

    /** Ascending by value: numbers numerically, strings and bools by their text (false before true). */
    private static int compareValues(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static void expect(RestClient client, String path, Map<String, Object> body,
                               List<Map.Entry<Object, Long>> reference, int limit) {
        JsonNode hits = ok(client.post(path, body)).get("hits");
        List<String> got = new ArrayList<>();
        hits.forEach(h -> got.add(h.get("value").asText() + "=" + h.get("count").asLong()));
        List<String> want = reference.subList(0, Math.min(limit, reference.size())).stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList();
        assertEquals(want, got, body + " (seed " + SEED + ")");
        if (!hits.isEmpty() && reference.getFirst().getKey() instanceof Long) {
            assertEquals(true, hits.get(0).get("value").isIntegralNumber(), "integer values are numbers: " + hits);
        }
    }

    private static void checkAll(RestClient client, String path) {
        Map<String, Object> evenParts = Map.of("must", List.of(Map.of("key", "part", "match", Map.of("any",
                List.of(0, 2)))));
        Predicate<Map<String, Object>> even = p -> ((Integer) p.get("part")) % 2 == 0;
        for (String key : List.of("color", "size", "flag", "ref")) {
            expect(client, path, Map.of("key", key), reference(key, p -> true), 10);
            expect(client, path, Map.of("key", key, "limit", 3, "exact", true), reference(key, p -> true), 3);
            expect(client, path, Map.of("key", key, "filter", evenParts, "limit", 100), reference(key, even), 100);
        }
    }

    @Test
    void facetsCountAsTheReferenceOnOneNode() {
        String c = AtollServerExtension.collection("facets");
        load(SERVER.client(), c, Map.of("shard_number", 3));
        checkAll(SERVER.client(), "/collections/" + c + "/facet");
    }

    @Test
    void facetsAreSummedOverAClustersShards() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            load(cluster.node(0).client(), "facets", Map.of("shard_number", 6, "replication_factor", 2));
            checkAll(cluster.node(1).client(), "/collections/facets/facet?consistency=all");
            checkAll(cluster.node(2).client(), "/collections/facets/facet?consistency=majority");
        }
    }

    @Test
    void badFacetRequestsGetQdrantsErrors() {
        String c = AtollServerExtension.collection("facets_bad");
        load(SERVER.client(), c, Map.of());
        RestClient client = SERVER.client();
        ok(client.put("/collections/" + c + "/index?wait=true", Map.of("field_name", "nolookup", "field_schema",
                Map.of("type", "integer", "lookup", false, "range", true))));
        String path = "/collections/" + c + "/facet";
        for (String key : List.of("part", "unindexed", "nolookup")) {
            error(client.post(path, Map.of("key", key)), 400, "No appropriate index for faceting: `" + key + "`");
        }
        error(client.post(path, Map.of()), 400, "key");
        error(client.post(path, Map.of("key", 7)), 400, "key");
        error(client.post(path, Map.of("key", "color", "limit", 0)), 422, "limit");
        error(client.post(path, Map.of("key", "color", "limit", "ten")), 400, "limit");
        error(client.post(path, Map.of("key", "color", "exact", "yes")), 400, "exact");
        error(client.post(path, Map.of("key", "color", "filter", Map.of("must", "x"))), 400, "must");
        error(client.post(path, Map.of("key", "color", "group_by", "x")), 400, "group_by");
        error(client.post("/collections/" + c + "_missing/facet", Map.of("key", "color")), 404, "missing");
        assertEquals(POINTS, new QdrantApi(client).count(c));
    }
}
