package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.api.rest.QueryReference.Hit;
import io.atoll.api.rest.QueryReference.Point;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups (issue 19): /points/query/groups, /points/search/groups and /points/recommend/groups against a greedy
 * grouping computed here over the whole ranked result (integer and string keys, points in several groups, points
 * without the key), with_lookup, on one node and on a 3-node cluster of 6 shards.
 */
class GroupsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 160;
    private static final List<Point> POINT_LIST;
    private static final List<Map<String, Object>> PAYLOADS = new ArrayList<>();
    private static final QueryReference REF;

    static {
        System.out.println("GroupsApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            points.add(new Point(i, Map.of("v", new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(),
                    (float) r.nextGaussian()}), 0));
            Map<String, Object> p = new HashMap<>();
            if (r.nextInt(10) > 0) {
                p.put("doc", (long) r.nextInt(12));
            }
            List<String> tags = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                tags.add("t" + r.nextInt(6));
            }
            p.put("tags", tags);
            PAYLOADS.add(p);
        }
        POINT_LIST = List.copyOf(points);
        REF = new QueryReference(points, Map.of("v", "Euclid"));
    }

    @TempDir
    Path dir;

    private static void load(RestClient client, String name, Map<String, Object> params) {
        Map<String, Object> body = new HashMap<>(params);
        body.put("vectors", Map.of("v", Map.of("size", 3, "distance", "Euclid")));
        new QdrantApi(client).createCollection(name, body);
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < POINTS; i++) {
            points.add(Map.of("id", i + 1, "vector", Map.of("v", POINT_LIST.get(i).vectors().get("v")),
                    "payload", PAYLOADS.get(i)));
        }
        new QdrantApi(client).upsert(name, points);
        new QdrantApi(client).createCollection(name + "_docs", Map.of("vectors", Map.of("size", 1, "distance",
                "Dot")));
        List<Object> docs = new ArrayList<>();
        for (int d = 0; d < 12; d += 2) {
            docs.add(Map.of("id", d, "vector", List.of(1), "payload", Map.of("title", "doc " + d)));
        }
        new QdrantApi(client).upsert(name + "_docs", docs);
    }

    /** The greedy grouping of the ranked hits: group ids in order of their best hit, each with its best hits. */
    private static Map<Object, List<Long>> reference(List<Hit> ranked, String key, int size, int limit) {
        Map<Object, List<Long>> groups = new LinkedHashMap<>();
        for (Hit h : ranked) {
            Object v = PAYLOADS.get((int) h.id() - 1).get(key);
            List<?> values = v instanceof List<?> l ? l.stream().distinct().toList() : v == null ? List.of()
                    : List.of(v);
            for (Object value : values) {
                List<Long> hits = groups.get(value);
                if (hits == null && groups.size() < limit) {
                    hits = new ArrayList<>();
                    groups.put(value, hits);
                }
                if (hits != null && hits.size() < size) {
                    hits.add(h.id());
                }
            }
        }
        return groups;
    }

    private static Map<Object, List<Long>> answer(JsonNode result) {
        Map<Object, List<Long>> out = new LinkedHashMap<>();
        for (JsonNode g : result.get("groups")) {
            List<Long> ids = new ArrayList<>();
            g.get("hits").forEach(h -> ids.add(h.get("id").asLong()));
            out.put(g.get("id").isIntegralNumber() ? (Object) g.get("id").asLong() : g.get("id").asText(), ids);
        }
        return out;
    }

    private static void checkAll(RestClient client, String c, String consistency, Random r) {
        for (int round = 0; round < 3; round++) {
            float[] q = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
            List<Hit> ranked = REF.nearest("v", q, POINTS, p -> true);
            for (String key : List.of("doc", "tags")) {
                int size = 1 + r.nextInt(4);
                int limit = 1 + r.nextInt(6);
                Map<Object, List<Long>> want = reference(ranked, key, size, limit);
                assertEquals(want, answer(ok(client.post(c + "/points/query/groups" + consistency, Map.of("query", q,
                        "using", "v", "group_by", key, "group_size", size, "limit", limit, "params",
                        Map.of("exact", true))))), "query groups by " + key + " (seed " + SEED + ")");
                assertEquals(want, answer(ok(client.post(c + "/points/search/groups" + consistency, Map.of(
                        "vector", Map.of("name", "v", "vector", q), "group_by", key, "group_size", size, "limit",
                        limit, "params", Map.of("exact", true))))), "search groups by " + key);
            }
            // recommend by one point: nearest to its vector, the point itself left out
            long example = 1 + r.nextInt(POINTS);
            Predicate<Point> others = p -> p.id() != example;
            Map<Object, List<Long>> want = reference(REF.nearest("v", REF.vector(example, "v"), POINTS, others), "doc",
                    2, 4);
            assertEquals(want, answer(ok(client.post(c + "/points/recommend/groups" + consistency, Map.of(
                    "positive", List.of(example), "using", "v", "group_by", "doc", "group_size", 2, "limit", 4,
                    "params", Map.of("exact", true))))), "recommend groups");
        }
        // with_lookup shows the point of the other collection whose id is the group's, where there is one
        JsonNode looked = ok(client.post(c + "/points/query/groups" + consistency, Map.of("query", List.of(0, 0, 0),
                "using", "v", "group_by", "doc", "limit", 12, "group_size", 1, "with_payload", true,
                "with_lookup", Map.of("collection", c.substring(c.lastIndexOf('/') + 1) + "_docs"))));
        for (JsonNode g : looked.get("groups")) {
            long doc = g.get("id").asLong();
            assertEquals(doc % 2 == 0, g.has("lookup"), "a lookup for even docs only: " + g);
            if (doc % 2 == 0) {
                assertEquals("doc " + doc, g.at("/lookup/payload/title").asText());
            }
            assertEquals(doc, g.at("/hits/0/payload/doc").asLong(), "hits carry the payload asked for");
        }
        assertFalse(looked.get("groups").isEmpty());
    }

    @Test
    void groupsMatchTheReferenceOnOneNode() {
        String c = AtollServerExtension.collection("groups");
        load(SERVER.client(), c, Map.of("shard_number", 2));
        checkAll(SERVER.client(), "/collections/" + c, "", new Random(SEED + 1));
    }

    /**
     * In the long profile (mvn -Plong): the default run checks cross-shard merges through QueryStagesApiTest and
     * FacetsApiTest.
     */
    @Tag("long")
    @Test
    void groupsMatchTheReferenceAcrossACluster() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            load(cluster.node(0).client(), "groups", Map.of("shard_number", 6, "replication_factor", 2));
            checkAll(cluster.node(1).client(), "/collections/groups", "?consistency=all", new Random(SEED + 2));
        }
    }

    @Test
    void badGroupRequestsGetClearErrors() {
        String c = AtollServerExtension.collection("groups_bad");
        load(SERVER.client(), c, Map.of());
        RestClient client = SERVER.client();
        String q = "/collections/" + c + "/points/query/groups";
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v")), 400, "group_by");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", 3)), 400, "group_by");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "group_size", 0)),
                422, "group_size");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "limit", 0)), 422,
                "limit");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "offset", 2)), 400,
                "offset");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "limit", 100_000,
                "group_size", 100)), 400, "group_size");
        error(client.post(q, Map.of("query", List.of(1, 0), "using", "v", "group_by", "doc")), 400, "dimension");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "with_lookup",
                Map.of("with_payload", true))), 400, "collection");
        error(client.post(q, Map.of("query", List.of(1, 0, 0), "using", "v", "group_by", "doc", "with_lookup",
                "nowhere")), 404, "nowhere");
        error(client.post("/collections/" + c + "/points/search/groups", Map.of("vector", Map.of("name", "v",
                "vector", List.of(1, 0, 0)), "group_by", "doc")), 400, "limit");
        error(client.post("/collections/" + c + "/points/recommend/groups", Map.of("negative", List.of(1),
                "using", "v", "group_by", "doc", "limit", 2)), 400, "At least one positive vector ID required");
        assertEquals(POINTS, new QdrantApi(client).count(c));
    }
}
