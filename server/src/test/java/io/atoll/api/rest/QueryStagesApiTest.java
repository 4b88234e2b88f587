package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Universal queries with stages (issue 19): nested prefetches, rescoring, RRF (k, weights) and DBSF fusion,
 * lookup_from, offsets, thresholds and Qdrant's refusals, on one node and on a 3-node cluster of 6 shards. Every
 * expected answer comes from {@link QueryReference}, a brute-force model over the random points the test wrote;
 * the seed is printed and can be fixed with -Datoll.seed.
 */
class QueryStagesApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 150;
    private static final Map<String, String> DISTANCES = Map.of("a", "Cosine", "b", "Euclid");
    /** Qdrant's bound on nested prefetches, spelt out here rather than read from the code under test. */
    private static final int MAX_DEPTH = 64;
    private static final List<Point> POINT_LIST;
    private static final QueryReference REF;

    static {
        System.out.println("QueryStagesApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            points.add(new Point(i, Map.of("a", random(r, 4), "b", random(r, 3)), i % 3));
        }
        POINT_LIST = List.copyOf(points);
        REF = new QueryReference(points, DISTANCES);
    }

    @TempDir
    Path dir;

    private static float[] random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void load(RestClient client, String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("vectors", Map.of("a", Map.of("size", 4, "distance", "Cosine"), "b", Map.of("size", 3,
                "distance", "Euclid")));
        new QdrantApi(client).createCollection(name, body);
        List<Object> points = new ArrayList<>();
        for (Point p : POINT_LIST) {
            points.add(Map.of("id", p.id(), "vector", p.vectors(), "payload", Map.of("g", p.group())));
        }
        new QdrantApi(client).upsert(name, points);
    }

    @Test
    void stagesMatchTheReferenceOnOneNode() {
        String c = AtollServerExtension.collection("stages");
        load(SERVER.client(), c, Map.of("shard_number", 3));
        checkAll(SERVER.client(), "/collections/" + c + "/points/query", new Random(SEED + 1));
    }

    @Test
    void stagesMatchTheReferenceAcrossACluster() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            load(cluster.node(0).client(), "stages", Map.of("shard_number", 6, "replication_factor", 2));
            Random r = new Random(SEED + 2);
            for (String consistency : List.of("all", "majority", "1")) {
                checkAll(cluster.node(consistency.length() % 3).client(),
                        "/collections/stages/points/query?consistency=" + consistency, r);
            }
        }
    }

    // ------------------------------------------------------------------ the cases

    private static void checkAll(RestClient client, String path, Random r) {
        for (int round = 0; round < 3; round++) {
            float[] qa = random(r, 4);
            float[] qb = random(r, 3);
            Predicate<Point> all = p -> true;
            List<Hit> byA = REF.nearest("a", qa, 15, all);
            List<Hit> byB = REF.nearest("b", qb, 15, all);

            // root RRF with Qdrant's defaults over two prefetches
            expect(client, path, Map.of("prefetch", List.of(prefetch("a", qa, 15), prefetch("b", qb, 15)),
                    "query", Map.of("fusion", "rrf"), "limit", 10),
                    QueryReference.rrf(List.of(byA, byB), 2, null), 10, 0, "rrf");
            // k and weights, and an offset
            expect(client, path, Map.of("prefetch", List.of(prefetch("a", qa, 15), prefetch("b", qb, 15)),
                    "query", Map.of("rrf", Map.of("k", 60, "weights", List.of(3, 1))), "limit", 5, "offset", 3),
                    QueryReference.rrf(List.of(byA, byB), 60, List.of(3f, 1f)), 5, 3, "weighted rrf");
            // DBSF
            expect(client, path, Map.of("prefetch", List.of(prefetch("a", qa, 15), prefetch("b", qb, 15)),
                    "query", Map.of("fusion", "dbsf"), "limit", 10),
                    QueryReference.dbsf(List.of(byA, byB)), 10, 0, "dbsf");
            // rescoring: the best 20 by a, ranked by b
            expect(client, path, Map.of("prefetch", prefetch("a", qa, 20), "query", qb, "using", "b", "limit", 7),
                    REF.rescore("b", qb, 7, List.of(REF.nearest("a", qa, 20, all))), 7, 0, "rescored");
            // nested: fusion inside a prefetch, rescored at the root; the root's filter reaches every stage
            Predicate<Point> g1 = p -> p.group() == 1;
            Map<String, Object> inner = Map.of("prefetch", List.of(prefetch("a", qa, 12), prefetch("b", qb, 12)),
                    "query", Map.of("fusion", "rrf"), "limit", 9);
            List<Hit> innerRef = QueryReference.rrf(List.of(REF.nearest("a", qa, 12, g1),
                    REF.nearest("b", qb, 12, g1)), 2, null).subList(0, 9);
            expect(client, path, Map.of("prefetch", inner, "query", Map.of("nearest", qa), "using", "a",
                    "filter", Map.of("must", List.of(Map.of("key", "g", "match", Map.of("value", 1)))), "limit", 4),
                    REF.rescore("a", qa, 4, List.of(innerRef)), 4, 0, "nested");
            // a point named by id is looked up and left out of every stage
            long named = 1 + r.nextInt(POINTS);
            Predicate<Point> notNamed = p -> p.id() != named;
            float[] nv = REF.vector(named, "b");
            expect(client, path, Map.of("prefetch", List.of(prefetch("a", qa, 15), Map.of("query", named,
                    "using", "b", "limit", 15, "params", Map.of("exact", true))), "query", Map.of("fusion", "rrf"),
                    "limit", 10),
                    QueryReference.rrf(List.of(REF.nearest("a", qa, 15, notNamed), REF.nearest("b", nv, 15,
                            notNamed)), 2, null), 10, 0, "by id");
        }
        // MMR: picked for diversity from the nearest candidates, keeping their nearest scores
        for (double diversity : List.of(0.0, 0.4, 0.9)) {
            float[] qa = random(r, 4);
            List<Hit> pool = REF.nearest("a", qa, 30, p -> true);
            expect(client, path, Map.of("query", Map.of("nearest", qa, "mmr", Map.of("diversity", diversity,
                    "candidates_limit", 30)), "using", "a", "limit", 6, "params", Map.of("exact", true)),
                    REF.mmr("a", qa, pool, diversity, 6), 6, 0, "mmr " + diversity);
            float[] qb = random(r, 3);
            List<Hit> prefetched = REF.rescore("b", qb, 12, List.of(REF.nearest("a", qa, 25, p -> true)));
            JsonNode diverse = ok(client.post(path, Map.of("prefetch", prefetch("a", qa, 25), "query",
                    Map.of("nearest", qb, "mmr", Map.of("diversity", diversity, "candidates_limit", 12)),
                    "using", "b", "limit", 5, "with_payload", true))).get("points");
            assertEquals(REF.mmr("b", qb, prefetched, diversity, 5).stream().map(Hit::id).toList(), ids(diverse),
                    "mmr over prefetched points, seed " + SEED);
            diverse.forEach(p -> assertEquals(p.get("id").asLong() % 3, p.at("/payload/g").asLong()));
        }
        // a fused root carries the payload and vectors asked for; a threshold keeps scores at or above it
        JsonNode fused = ok(client.post(path, Map.of("prefetch", List.of(prefetch("a", new float[] {1, 0, 0, 0}, 5),
                prefetch("b", new float[] {0, 0, 1}, 5)), "query", Map.of("fusion", "rrf"), "limit", 3,
                "with_payload", true, "with_vector", List.of("b"), "score_threshold", 0.3))).get("points");
        assertTrue(fused.size() >= 1, "the first of each list scores 0.5: " + fused);
        for (JsonNode p : fused) {
            assertTrue(p.get("score").floatValue() >= 0.3f, fused.toString());
            assertEquals(p.get("id").asLong() % 3, p.at("/payload/g").asLong(), fused.toString());
            assertEquals(3, p.at("/vector/b").size(), fused.toString());
        }
        // without a query: points in id order, each scored 1.0 as Qdrant scores them
        JsonNode listed = ok(client.post(path, Map.of("limit", 3, "offset", 2))).get("points");
        assertEquals(List.of(3L, 4L, 5L), ids(listed));
        listed.forEach(p -> assertEquals(1.0, p.get("score").asDouble(), listed.toString()));
    }

    private static Map<String, Object> prefetch(String using, float[] q, int limit) {
        return Map.of("query", q, "using", using, "limit", limit, "params", Map.of("exact", true));
    }

    private static List<Long> ids(JsonNode points) {
        List<Long> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    /**
     * The answer equals {@code reference} from {@code offset}, {@code limit} long: same ids in the same order and
     * scores within 1e-4, except that two points whose scores differ by less than that may trade places.
     */
    private static void expect(RestClient client, String path, Map<String, Object> body, List<Hit> reference,
                               int limit, int offset, String what) {
        JsonNode got = ok(client.post(path, body)).get("points");
        List<Hit> want = reference.subList(Math.min(offset, reference.size()),
                Math.min(reference.size(), offset + limit));
        String context = what + " (seed " + SEED + "): got " + got + ", want " + want;
        assertEquals(want.size(), got.size(), context);
        for (int i = 0; i < want.size(); i++) {
            double score = got.get(i).get("score").asDouble();
            assertEquals(want.get(i).score(), score, 1e-4 * Math.max(1, Math.abs(score)), context);
            if (want.get(i).id() != got.get(i).get("id").asLong()) {
                long id = got.get(i).get("id").asLong();
                assertTrue(want.stream().anyMatch(h -> h.id() == id && Math.abs(h.score() - score) < 1e-4), context);
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badStagesGetQdrantsErrors() {
        String c = AtollServerExtension.collection("stages_bad");
        load(SERVER.client(), c, Map.of());
        RestClient client = SERVER.client();
        String q = "/collections/" + c + "/points/query";
        Map<String, Object> pa = prefetch("a", new float[] {1, 0, 0, 0}, 5);
        error(client.post(q, Map.of("prefetch", pa)), 400, "A query is needed to merge the prefetches");
        error(client.post(q, Map.of("score_threshold", 0.5)), 400, "A query is needed to use the score_threshold");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("fusion", "rrf"), "using", "a")), 400,
                "Fusion queries cannot be combined with the 'using' field");
        error(client.post(q, Map.of("query", Map.of("fusion", "rrf"))), 400, "cannot apply Fusion without prefetches");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("weights", List.of(1, 2))))), 400,
                "Number of weights in RRF should match number of pre-fetches: got 2, expected 1");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("k", 0)))), 422, "k");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("k", "two")))), 400, "k");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("weights", List.of(1e300))))),
                400, "finite");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("weights", "heavy")))), 400,
                "weights");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("fusion", "max"))), 400, "unknown variant");
        error(client.post(q, Map.of("prefetch", pa, "query", Map.of("rrf", Map.of("q", 1)))), 400, "q");
        error(client.post(q, Map.of("prefetch", Map.of("query", List.of(1, 0, 0, 0), "using", "a", "limit", 0),
                "query", Map.of("fusion", "rrf"))), 422, "limit");
        error(client.post(q, Map.of("prefetch", Map.of("query", List.of(1, 0, 0), "using", "a"),
                "query", Map.of("fusion", "dbsf"))), 400, "dimension");
        error(client.post(q, Map.of("prefetch", Map.of("query", List.of(1, 0, 0, 0), "using", "nope"),
                "query", Map.of("fusion", "dbsf"))), 400, "Not existing vector name error: nope");
        error(client.post(q, Map.of("prefetch", Map.of("query", List.of(1, 0, 0, 0), "using", "a", "bogus", 1),
                "query", Map.of("fusion", "dbsf"))), 400, "bogus");
        error(client.post(q, Map.of("prefetch", List.of(7), "query", Map.of("fusion", "dbsf"))), 400, "prefetch");
        error(client.post(q, Map.of("query", 999_999, "using", "a")), 404, "No point with id 999999 found");
        error(client.post(q, Map.of("query", 1, "using", "a", "lookup_from", Map.of("collection", "nowhere"))), 404,
                "nowhere");
        error(client.post(q, Map.of("query", 1, "using", "a", "lookup_from", Map.of("vector", "a"))), 400,
                "collection");
        Map<String, Object> deep = Map.of("query", List.of(1, 0, 0, 0), "using", "a");
        for (int i = 0; i < MAX_DEPTH + 1; i++) {
            deep = Map.of("prefetch", deep, "query", List.of(1, 0, 0, 0), "using", "a");
        }
        error(client.post(q, deep), 400, "prefetches depth 65 exceeds max depth 64");
        error(client.post(q, Map.of("query", Map.of("nearest", List.of(1, 0, 0, 0), "mmr", Map.of("diversity", 1.5)),
                "using", "a")), 422, "diversity");
        error(client.post(q, Map.of("query", Map.of("nearest", List.of(1, 0, 0, 0), "mmr", Map.of(
                "candidates_limit", 16_385)), "using", "a")), 422, "candidates_limit");
        error(client.post(q, Map.of("query", Map.of("nearest", List.of(1, 0, 0, 0), "mmr", "lots"), "using", "a")),
                400, "mmr");
        // nothing above changed the collection
        assertEquals(POINTS, new QdrantApi(client).count(c));
    }

    @Test
    void lookupFromReadsAnotherCollectionAndKeepsItsIds() {
        String c = AtollServerExtension.collection("stages_main");
        String other = AtollServerExtension.collection("stages_other");
        load(SERVER.client(), c, Map.of());
        new QdrantApi(SERVER.client()).createCollection(other, Map.of("vectors", Map.of("v", Map.of("size", 4,
                "distance", "Cosine"))));
        float[] v = {0.5f, -1, 2, 0.25f};
        new QdrantApi(SERVER.client()).upsert(other, List.of(Map.of("id", 7, "vector", Map.of("v", v))));
        JsonNode got = ok(SERVER.client().post("/collections/" + c + "/points/query", Map.of("query", 7,
                "using", "a", "lookup_from", Map.of("collection", other, "vector", "v"), "limit", 10,
                "params", Map.of("exact", true)))).get("points");
        List<Long> want = REF.nearest("a", v, 10, p -> true).stream().map(Hit::id).toList();
        assertEquals(want, ids(got), "the other collection's point 7 is the query; this one's 7 may be a result");
        error(SERVER.client().post("/collections/" + c + "/points/query", Map.of("query", 7, "using", "a",
                "lookup_from", Map.of("collection", other, "vector", "w"))), 400, "Not existing vector name error: w");
    }
}
