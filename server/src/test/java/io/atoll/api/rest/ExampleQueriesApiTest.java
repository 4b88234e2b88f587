package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries by example (issue 19): recommend with each strategy, discover and context, in the universal query and
 * the older /points/recommend and /points/discover endpoints, for all four distances, on one node and on a 3-node
 * cluster of 6 shards. Expected answers come from Qdrant's formulas over raw similarities computed here; the seed
 * is printed and can be fixed with -Datoll.seed.
 */
class ExampleQueriesApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int POINTS = 120;
    /** In a fixed order: the seeded draws follow it, so a seed replays the same data and queries. */
    private static final Map<String, String> DISTANCES = new TreeMap<>(Map.of("cos", "Cosine", "dot", "Dot",
            "l2", "Euclid", "l1", "Manhattan"));
    private static final List<Point> POINT_LIST;
    private static final QueryReference REF;

    static {
        System.out.println("ExampleQueriesApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
        Random r = new Random(SEED);
        List<Point> points = new ArrayList<>();
        for (int i = 1; i <= POINTS; i++) {
            Map<String, float[]> vectors = new HashMap<>();
            DISTANCES.keySet().forEach(name -> vectors.put(name, random(r)));
            points.add(new Point(i, vectors, i % 2));
        }
        POINT_LIST = List.copyOf(points);
        REF = new QueryReference(points, DISTANCES);
    }

    @TempDir
    Path dir;

    private static float[] random(Random r) {
        return new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
    }

    private static void load(RestClient client, String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        Map<String, Object> vectors = new HashMap<>();
        DISTANCES.forEach((n, d) -> vectors.put(n, Map.of("size", 3, "distance", d)));
        body.put("vectors", vectors);
        new QdrantApi(client).createCollection(name, body);
        List<Object> points = new ArrayList<>();
        for (Point p : POINT_LIST) {
            points.add(Map.of("id", p.id(), "vector", p.vectors(), "payload", Map.of("g", p.group())));
        }
        new QdrantApi(client).upsert(name, points);
    }

    @Test
    void examplesMatchTheReferenceOnOneNode() {
        String c = AtollServerExtension.collection("examples");
        load(SERVER.client(), c, Map.of("shard_number", 2));
        checkAll(SERVER.client(), "/collections/" + c, "", new Random(SEED + 1));
    }

    /**
     * In the long profile (mvn -Plong): the default run checks cross-shard merges through QueryStagesApiTest and
     * FacetsApiTest.
     */
    @Tag("long")
    @Test
    void examplesMatchTheReferenceAcrossACluster() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            load(cluster.node(0).client(), "examples", Map.of("shard_number", 6, "replication_factor", 2));
            Random r = new Random(SEED + 2);
            checkAll(cluster.node(1).client(), "/collections/examples", "?consistency=all", r);
            checkAll(cluster.node(2).client(), "/collections/examples", "?consistency=majority", r);
        }
    }

    /** An id other than {@code a} and {@code b} (drawing it as p2 is drawn could give {@code a} again). */
    private static long thirdId(Random r, long a, long b) {
        long id;
        do {
            id = 1 + r.nextInt(POINTS);
        } while (id == a || id == b);
        return id;
    }

    private static void checkAll(RestClient client, String c, String consistency, Random r) {
        for (String using : DISTANCES.keySet()) {
            String d = DISTANCES.get(using);
            long p1 = 1 + r.nextInt(POINTS);
            long p2 = 1 + (p1 + r.nextInt(POINTS - 1)) % POINTS;
            long n1 = thirdId(r, p1, p2);
            float[] given = random(r);
            Set<Long> named = Set.of(p1, p2, n1);
            float[] v1 = stored(using, p1);
            float[] v2 = stored(using, p2);
            float[] vn = stored(using, n1);
            List<float[]> pos = List.of(v1, v2, d.equals("Cosine") ? unit(given) : given);
            List<Object> positive = List.of(p1, p2, given);
            // filtered to group 1, except the ids named, which are left out anyway
            Map<String, Object> filter = Map.of("must", List.of(Map.of("key", "g", "match", Map.of("value", 1))));
            java.util.function.Predicate<Point> admit = p -> p.group() == 1 && !named.contains(p.id());

            ToDoubleFunction<float[]> best = v -> {
                double mp = pos.stream().mapToDouble(e -> QueryReference.similarity(d, e, v)).max().orElseThrow();
                double mn = QueryReference.similarity(d, vn, v);
                return mp > mn ? QueryReference.scaledSigmoid(mp) : -QueryReference.scaledSigmoid(mn);
            };
            ToDoubleFunction<float[]> sum = v -> pos.stream().mapToDouble(e -> QueryReference.similarity(d, e, v))
                    .sum() - QueryReference.similarity(d, vn, v);
            for (String strategy : List.of("best_score", "sum_scores")) {
                ToDoubleFunction<float[]> score = strategy.equals("best_score") ? best : sum;
                List<Hit> want = REF.scoredBy(using, score, admit);
                expect(client.post(c + "/points/query" + consistency, Map.of("query", Map.of("recommend", Map.of(
                        "positive", positive, "negative", List.of(n1), "strategy", strategy)), "using", using,
                        "filter", filter, "limit", 6)).result().get("points"), want, using, 6, strategy);
                expect(ok(client.post(c + "/points/recommend" + consistency, Map.of("positive", positive,
                        "negative", List.of(n1), "strategy", strategy, "using", using, "filter", filter,
                        "limit", 6))), want, using, 6, "legacy " + strategy);
            }
            // average_vector: nearest to avg(pos) + avg(pos) - avg(neg), stored vectors as stored
            float[] avg = new float[3];
            for (int i = 0; i < 3; i++) {
                float a = (v1[i] + v2[i] + given[i]) / 3;
                avg[i] = a + a - vn[i];
            }
            List<Hit> nearest = REF.nearest(using, avg, 6, admit);
            JsonNode average = ok(client.post(c + "/points/query" + consistency, Map.of("query", Map.of("recommend",
                    Map.of("positive", positive, "negative", List.of(n1))), "using", using, "filter", filter,
                    "limit", 6, "params", Map.of("exact", true)))).get("points");
            assertEquals(nearest.stream().map(Hit::id).toList(), ids(average), "average_vector " + using);

            // discover: pairs' ranks plus sig(similarity to the target)
            ToDoubleFunction<float[]> discover = v -> Math.signum(QueryReference.similarity(d, v1, v)
                    - QueryReference.similarity(d, vn, v)) + QueryReference.scaledSigmoid(
                    QueryReference.similarity(d, d.equals("Cosine") ? unit(given) : given, v));
            List<Hit> want = REF.scoredBy(using, discover, p -> !Set.of(p1, n1).contains(p.id()));
            expect(ok(client.post(c + "/points/query" + consistency, Map.of("query", Map.of("discover", Map.of(
                    "target", given, "context", Map.of("positive", p1, "negative", n1))), "using", using,
                    "limit", 5))).get("points"), want, using, 5, "discover");
            expect(ok(client.post(c + "/points/discover" + consistency, Map.of("target", given, "context",
                    List.of(Map.of("positive", p1, "negative", n1)), "using", using, "limit", 5))), want, using, 5,
                    "legacy discover");
            // relevance feedback, naive: a·s(target) + Σ over better-rated pairs (Δrating)^b·c·(s(pos) − s(neg))
            float[] other = random(r);
            List<float[]> rated = List.of(v1, v2, d.equals("Cosine") ? unit(other) : other);
            double[] ratings = {0.9, 0.2, 0.5};
            float[] target = d.equals("Cosine") ? unit(given) : given;
            ToDoubleFunction<float[]> feedback = v -> {
                double score = 1.5 * QueryReference.similarity(d, target, v);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double diff = (float) ratings[i] - (float) ratings[j];
                        if (diff > 0) {
                            score += Math.pow(diff, 1.5) * 0.7 * (QueryReference.similarity(d, rated.get(i), v)
                                    - QueryReference.similarity(d, rated.get(j), v));
                        }
                    }
                }
                return score;
            };
            want = REF.scoredBy(using, feedback, p -> !Set.of(p1, p2).contains(p.id()));
            expect(ok(client.post(c + "/points/query" + consistency, Map.of("query", Map.of("relevance_feedback",
                    Map.of("target", given, "feedback", List.of(Map.of("example", p1, "score", 0.9), Map.of("example",
                            p2, "score", 0.2), Map.of("example", other, "score", 0.5)), "strategy", Map.of("naive",
                            Map.of("a", 1.5, "b", 1.5, "c", 0.7)))), "using", using, "limit", 5))).get("points"),
                    want, using, 5, "relevance feedback");
            // context: sum over pairs of sig(min(s(pos) - s(neg) - eps, 0)); many points tie at 0
            ToDoubleFunction<float[]> context = v -> QueryReference.sigmoid(Math.min(QueryReference.similarity(d,
                    v1, v) - QueryReference.similarity(d, vn, v) - Math.ulp(1f), 0));
            want = REF.scoredBy(using, context, p -> !Set.of(p1, n1).contains(p.id()));
            expect(ok(client.post(c + "/points/query" + consistency, Map.of("query", Map.of("context", List.of(
                    Map.of("positive", p1, "negative", n1))), "using", using, "limit", 8))).get("points"), want,
                    using, 8, "context");
        }
        // a batch of the older endpoint answers each in order
        JsonNode batch = ok(client.post(c + "/points/recommend/batch" + consistency, Map.of("searches", List.of(
                Map.of("positive", List.of(1), "using", "dot", "limit", 2), Map.of("positive", List.of(2), "using",
                        "l1", "limit", 3, "with_payload", true)))));
        assertEquals(2, batch.size());
        assertEquals(3, batch.get(1).size());
        assertEquals(batch.get(1).get(0).get("id").asLong() % 2, batch.get(1).get(0).at("/payload/g").asLong());
        assertEquals(2, ok(client.post(c + "/points/discover/batch" + consistency, Map.of("searches", List.of(
                Map.of("target", 3, "using", "cos", "limit", 1), Map.of("context", List.of(Map.of("positive", 4,
                        "negative", 5)), "using", "l2", "limit", 1))))).size());
    }

    private static float[] stored(String using, long id) {
        float[] v = REF.vector(id, using);
        return DISTANCES.get(using).equals("Cosine") ? unit(v) : v;
    }

    private static float[] unit(float[] v) {
        double n = Math.sqrt(v[0] * (double) v[0] + v[1] * (double) v[1] + v[2] * (double) v[2]);
        return new float[] {(float) (v[0] / n), (float) (v[1] / n), (float) (v[2] / n)};
    }

    private static List<Long> ids(JsonNode points) {
        List<Long> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    /**
     * The answer holds the reference's best {@code limit} scores in order, and each point's score is the one the
     * reference gives that point: ties (which Qdrant leaves unordered) may be broken either way.
     */
    private static void expect(JsonNode got, List<Hit> reference, String using, int limit, String what) {
        String context = what + " on " + using + " (seed " + SEED + "): got " + got + ", want "
                + reference.subList(0, Math.min(limit, reference.size()));
        assertEquals(Math.min(limit, reference.size()), got.size(), context);
        Map<Long, Double> byId = new HashMap<>();
        reference.forEach(h -> byId.put(h.id(), h.score()));
        for (int i = 0; i < got.size(); i++) {
            double score = got.get(i).get("score").asDouble();
            double tolerance = 1e-4 * Math.max(1, Math.abs(score));
            assertEquals(reference.get(i).score(), score, tolerance, context);
            Double own = byId.get(got.get(i).get("id").asLong());
            assertEquals(own == null ? Double.NaN : own, score, tolerance, context + " (point " + got.get(i) + ")");
        }
    }

    @Test
    void badExamplesGetQdrantsErrors() {
        String c = AtollServerExtension.collection("examples_bad");
        load(SERVER.client(), c, Map.of());
        RestClient client = SERVER.client();
        String q = "/collections/" + c + "/points/query";
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of()), "using", "dot")), 422,
                "At least one positive or negative vector/id must be provided");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(), "negative",
                List.of(1))), "using", "dot")), 400, "Positive vectors should not be empty with `average` strategy");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(1), "strategy",
                "most")), "using", "dot")), 400, "unknown variant");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(List.of(1, 2))),
                "strategy", "sum_scores"), "using", "dot")), 400, "one kind of query");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(List.of(1, 2)),
                "strategy", "sum_scores")), "using", "dot")), 400, "dimension");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(List.of(1, 2)))),
                "using", "dot")), 400, "dimension");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(1), "strategy",
                "best_score")), "using", "nope")), 400, "Not existing vector name error: nope");
        error(client.post(q, Map.of("query", Map.of("recommend", Map.of("positive", List.of(999_999))),
                "using", "dot")), 404, "No point with id 999999 found");
        error(client.post(q, Map.of("query", Map.of("discover", Map.of("context", List.of())), "using", "dot")),
                400, "target");
        error(client.post(q, Map.of("query", Map.of("discover", Map.of("target", 1, "context", Map.of("positive",
                2))), "using", "dot")), 400, "negative");
        error(client.post(q, Map.of("query", Map.of("context", "near"), "using", "dot")), 400, "context");
        Map<String, Object> naive = Map.of("naive", Map.of("a", 1, "b", -1, "c", 1));
        error(client.post(q, Map.of("query", Map.of("relevance_feedback", Map.of("target", 1, "feedback", List.of(),
                "strategy", naive)), "using", "dot")), 422, "b");
        error(client.post(q, Map.of("query", Map.of("relevance_feedback", Map.of("target", 1, "feedback", List.of())),
                "using", "dot")), 400, "strategy");
        error(client.post(q, Map.of("query", Map.of("relevance_feedback", Map.of("target", 1, "feedback", List.of(
                Map.of("example", 2)), "strategy", Map.of("naive", Map.of("a", 1, "b", 1, "c", 1)))), "using", "dot")),
                400, "score");
        error(client.post(q, Map.of("query", Map.of("context", List.of(Map.of("positive", List.of(1, 2, Double.MAX_VALUE),
                "negative", 2))), "using", "dot")), 400, "finite");
        String legacy = "/collections/" + c + "/points/recommend";
        error(client.post(legacy, Map.of("negative", List.of(1), "using", "dot", "limit", 3)), 400,
                "At least one positive vector ID required with this strategy");
        error(client.post(legacy, Map.of("strategy", "best_score", "using", "dot", "limit", 3)), 400,
                "At least one positive or negative vector ID required with this strategy");
        error(client.post(legacy, Map.of("positive", List.of(1), "using", "dot")), 400, "limit");
        error(client.post(legacy, Map.of("positive", List.of(1), "using", "dot", "limit", -1)), 400, "limit");
        error(client.post(legacy, Map.of("positive", List.of(1), "using", "dot", "limit", 3, "query", 1)), 400,
                "query");
        error(client.post("/collections/" + c + "/points/discover", Map.of("using", "dot", "limit", 3)), 400,
                "target and/or context_pairs must be specified");
        error(client.post("/collections/" + c + "/points/recommend/batch", Map.of("searches", List.of(Map.of(
                "positive", List.of(1), "using", "dot", "limit", 1), Map.of("positive", "one")))), 400, "positive");
        assertEquals(POINTS, new QdrantApi(client).count(c), "nothing above changed the collection");
    }
}
