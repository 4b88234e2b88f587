package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.api.rest.QueryReference.Hit;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nearest queries on sparse vectors (dot product, with and without IDF) and multivectors (max_sim) against a
 * brute-force reference computed here, alone and fused with a dense search, on one node and across a cluster's
 * shards at every read consistency.
 */
class SparseAndMultiSearchApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final String CONFIG = """
            {"vectors": {"d": {"size": 3, "distance": "Dot"},
                         "m": {"size": 3, "distance": "Dot", "multivector_config": {"comparator": "max_sim"}},
                         "e": {"size": 3, "distance": "Euclid", "multivector_config": {"comparator": "max_sim"}}},
             "sparse_vectors": {"s": {}, "t": {"modifier": "idf"}}""";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** One point as written: its sparse vector (sorted indices), its multivector, its dense vector, its group. */
    private record Point(long id, long[] indices, double[] values, double[][] multi, double[] dense, int group) {
    }

    private static List<Point> points(Random r) {
        List<Point> out = new ArrayList<>();
        for (long id = 1; id <= 80; id++) {
            java.util.TreeSet<Long> dims = new java.util.TreeSet<>();
            for (int n = 1 + r.nextInt(5); dims.size() < n; ) {
                dims.add(r.nextInt(8) == 0 ? 4_294_967_290L + r.nextInt(5) : r.nextInt(25));
            }
            double[] values = dims.stream().mapToDouble(x -> 0.1 + r.nextDouble()).toArray();
            double[][] multi = new double[1 + r.nextInt(3)][];
            for (int i = 0; i < multi.length; i++) {
                multi[i] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            }
            out.add(new Point(id, dims.stream().mapToLong(Long::longValue).toArray(), values, multi,
                    new double[] {r.nextDouble(), r.nextDouble(), r.nextDouble()}, (int) (id % 3)));
        }
        return out;
    }

    private static Map<String, Object> json(Point p) {
        Map<String, Object> sparse = Map.of("indices", p.indices(), "values", p.values());
        return Map.of("id", p.id(), "payload", Map.of("g", p.group()), "vector", Map.of("d", p.dense(), "m", p.multi(),
                "e", p.multi(), "s", sparse, "t", sparse));
    }

    private static double dot(long[] ai, double[] av, long[] bi, double[] bv) {
        double s = 0;
        for (int i = 0; i < ai.length; i++) {
            for (int j = 0; j < bi.length; j++) {
                if (ai[i] == bi[j]) {
                    s += (float) av[i] * (float) bv[j];
                }
            }
        }
        return s;
    }

    private static boolean shares(long[] a, long[] b) {
        return java.util.Arrays.stream(a).anyMatch(x -> java.util.Arrays.stream(b).anyMatch(y -> x == y));
    }

    private static double maxSim(double[][] q, double[][] p, boolean euclid) {
        double sum = 0;
        for (double[] qv : q) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] pv : p) {
                double s = 0;
                for (int i = 0; i < qv.length; i++) {
                    s += euclid ? -(qv[i] - pv[i]) * (qv[i] - pv[i]) : qv[i] * pv[i];
                }
                best = Math.max(best, s);
            }
            sum += best;
        }
        return euclid ? Math.sqrt(Math.abs(sum)) : sum;
    }

    /** Every admitted point's score, best first (ascending for a distance). */
    private static List<Hit> ranked(List<Point> points, java.util.function.Predicate<Point> admit,
                                    ToDoubleFunction<Point> score, boolean ascending) {
        List<Hit> out = new ArrayList<>();
        points.stream().filter(admit).forEach(p -> out.add(new Hit(p.id(), score.applyAsDouble(p))));
        Comparator<Hit> order = Comparator.comparingDouble(Hit::score);
        out.sort(ascending ? order : order.reversed());
        return out;
    }

    /** The answer's points are the reference's best {@code limit} after {@code offset}, ties in any order. */
    private static void assertRanked(List<Hit> expected, JsonNode points, int offset, int limit, String what) {
        Map<Long, Double> scores = new HashMap<>();
        expected.forEach(h -> scores.put(h.id(), h.score()));
        List<Hit> want = expected.subList(Math.min(offset, expected.size()), Math.min(expected.size(), offset + limit));
        assertEquals(want.size(), points.size(), what + ": " + points);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        points.forEach(p -> assertTrue(seen.add(p.get("id").asLong()), what + ": point " + p.get("id") + " twice"));
        for (int i = 0; i < want.size(); i++) {
            JsonNode got = points.get(i);
            double tolerance = 1e-3 * Math.max(1, Math.abs(want.get(i).score()));
            assertEquals(want.get(i).score(), got.get("score").asDouble(), tolerance, what + " score at " + i);
            Double own = scores.get(got.get("id").asLong());
            assertTrue(own != null && Math.abs(own - got.get("score").asDouble()) <= tolerance,
                    what + ": point " + got.get("id") + " scored " + got.get("score") + ", reference " + own);
        }
    }

    private static JsonNode query(RestClient via, String c, String consistency, Object body) {
        return ok(via.post("/collections/" + c + "/points/query?consistency=" + consistency, body)).get("points");
    }

    private static void searchesMatchTheReference(RestClient via, String c, List<Point> points, String consistency,
                                                  Random r) {
        long[] qi = {3, 7, 11, 4_294_967_292L};
        double[] qv = {0.7, 1.3, 0.4, 2.0};
        Map<String, Object> sparse = Map.of("indices", qi, "values", qv);
        List<Hit> bySparse = ranked(points, p -> shares(p.indices(), qi), p -> dot(qi, qv, p.indices(), p.values()),
                false);
        assertRanked(bySparse, query(via, c, consistency, Map.of("query", sparse, "using", "s", "limit", 7)), 0, 7,
                "sparse");
        assertRanked(bySparse, query(via, c, consistency, Map.of("query", sparse, "using", "s", "limit", 5,
                "offset", 3)), 3, 5, "sparse with offset");
        assertRanked(ranked(points, p -> p.group() == 1 && shares(p.indices(), qi),
                p -> dot(qi, qv, p.indices(), p.values()), false), query(via, c, consistency, Map.of("query", sparse,
                "using", "s", "limit", 6, "filter", Map.of("must", List.of(Map.of("key", "g", "match",
                        Map.of("value", 1)))))), 0, 6, "sparse with a filter");
        assertRanked(bySparse, ok(via.post("/collections/" + c + "/points/search?consistency=" + consistency,
                Map.of("vector", Map.of("name", "s", "vector", sparse), "limit", 4))), 0, 4, "the older search");

        // IDF over the collection: N points hold the vector, n of them each dimension
        double[] weighted = new double[qi.length];
        for (int i = 0; i < qi.length; i++) {
            long dim = qi[i];
            long n = points.stream().filter(p -> java.util.Arrays.stream(p.indices()).anyMatch(x -> x == dim)).count();
            weighted[i] = (float) qv[i] * Math.log((points.size() - n + 0.5) / (n + 0.5) + 1);
        }
        assertRanked(ranked(points, p -> shares(p.indices(), qi), p -> dot(qi, weighted, p.indices(), p.values()),
                false), query(via, c, consistency, Map.of("query", sparse, "using", "t", "limit", 8)), 0, 8, "idf");

        double[][] mq = {{r.nextGaussian(), r.nextGaussian(), r.nextGaussian()}, {0.5, -1, 0.25}};
        assertRanked(ranked(points, p -> true, p -> maxSim(mq, p.multi(), false), false),
                query(via, c, consistency, Map.of("query", mq, "using", "m", "limit", 6)), 0, 6, "max_sim, dot");
        assertRanked(ranked(points, p -> true, p -> maxSim(mq, p.multi(), true), true),
                query(via, c, consistency, Map.of("query", mq, "using", "e", "limit", 6)), 0, 6, "max_sim, euclid");
        assertRanked(ranked(points, p -> true, p -> maxSim(new double[][] {mq[1]}, p.multi(), false), false),
                query(via, c, consistency, Map.of("query", mq[1], "using", "m", "limit", 3)), 0, 3,
                "a dense query of a multivector is a multivector of one");

        // nearest by a stored point's sparse vector leaves the point out
        Point seven = points.get(6);
        assertRanked(ranked(points, p -> p.id() != 7 && shares(p.indices(), seven.indices()),
                p -> dot(seven.indices(), seven.values(), p.indices(), p.values()), false),
                query(via, c, consistency, Map.of("query", 7, "using", "s", "limit", 5)), 0, 5, "by id");

        // hybrid: sparse and dense prefetches fused by RRF
        double[] dq = {0.2, 0.9, 0.4};
        List<Hit> byDense = ranked(points, p -> true, p -> p.dense()[0] * dq[0] + p.dense()[1] * dq[1]
                + p.dense()[2] * dq[2], false);
        assertRanked(QueryReference.rrf(List.of(bySparse.subList(0, Math.min(15, bySparse.size())),
                byDense.subList(0, 15)), 2, null),
                query(via, c, consistency, Map.of("prefetch", List.of(
                        Map.of("query", sparse, "using", "s", "limit", 15),
                        Map.of("query", dq, "using", "d", "limit", 15)),
                        "query", Map.of("fusion", "rrf"), "limit", 10)), 0, 10, "hybrid rrf");
    }

    private static List<Point> load(RestClient via, String c, Random r) {
        List<Point> points = points(r);
        assertEquals(200, via.put("/collections/" + c + "/points?wait=true", Map.of("points",
                points.stream().map(SparseAndMultiSearchApiTest::json).toList())).status());
        return points;
    }

    @Test
    void nearestOnSparseVectorsAndMultivectorsMatchesTheReference() {
        Random r = new Random(Long.getLong("atoll.seed", 19));
        RestClient via = SERVER.client();
        String c = AtollServerExtension.collection("sparse_search");
        ok(via.put("/collections/" + c, RestClient.parse(CONFIG + "}")));
        searchesMatchTheReference(via, c, load(via, c, r), "1", r);
        error(via.post("/collections/" + c + "/points/query", Map.of("query", List.of(1, 2, 3), "using", "s")),
                400, "Conversion between sparse and regular vectors failed");
        error(via.post("/collections/" + c + "/points/query", Map.of("query", Map.of("indices", List.of(1),
                "values", List.of(1)), "using", "d")), 400, "Conversion between sparse and regular vectors failed");
        error(via.post("/collections/" + c + "/points/query", Map.of("query", Map.of("recommend", Map.of(
                "positive", List.of(1))), "using", "s")), 400, "by nearest queries only");
        assertEquals(0, query(via, c, "1", Map.of("query", Map.of("indices", List.of(), "values", List.of()),
                "using", "s")).size(), "an empty sparse query finds nothing");
    }

    @Test
    void acrossAClustersShardsAtEveryConsistency() throws Exception {
        Random r = new Random(Long.getLong("atoll.seed", 23));
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            RestClient c0 = cluster.node(0).client();
            ok(c0.put("/collections/c",
                    RestClient.parse(CONFIG + ", \"shard_number\": 4, \"replication_factor\": 2}")));
            List<Point> points = load(c0, "c", r);
            for (String consistency : List.of("1", "majority", "all")) {
                searchesMatchTheReference(cluster.node(2).client(), "c", points, consistency, new Random(7));
            }
        }
    }
}
