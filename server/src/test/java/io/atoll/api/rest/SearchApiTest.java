package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Search, query, scroll and count. Every expected answer is computed here from the points the test wrote, with the
 * distance formulas Qdrant documents; the seed of the random data is printed and can be fixed with -Datoll.seed.
 */
class SearchApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static final long SEED = Long.getLong("atoll.seed", System.nanoTime());
    private static final int DIM = 6;
    private static final int POINTS = 80;
    private static final Map<String, String> BY_DISTANCE = new ConcurrentHashMap<>();
    private static List<Point> data;

    static {
        System.out.println("SearchApiTest seed " + SEED + " (rerun with -Datoll.seed=" + SEED + ")");
    }

    /** A point as written: id, vector, and a group payload for filters. */
    record Point(long id, float[] vector, String group) {
    }

    private static RestClient client() {
        return SERVER.client();
    }

    private static QdrantApi api() {
        return new QdrantApi(client());
    }

    private static synchronized List<Point> data() {
        if (data == null) {
            Random r = new Random(SEED);
            List<Point> out = new ArrayList<>();
            for (int i = 0; i < POINTS; i++) {
                out.add(new Point(i + 1, randomVector(r), "g" + (i % 4)));
            }
            data = List.copyOf(out);
        }
        return data;
    }

    private static float[] randomVector(Random r) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) (r.nextGaussian() * 2);
        }
        return v;
    }

    /** The collection holding {@link #data()} with this distance, created on first use. */
    private static String collection(String distance) {
        return BY_DISTANCE.computeIfAbsent(distance, d -> {
            String c = AtollServerExtension.collection("search_" + d.toLowerCase());
            api().createCollection(c, Map.of("vectors", Map.of("size", DIM, "distance", d), "shard_number", 2));
            List<Object> points = new ArrayList<>();
            for (Point p : data()) {
                points.add(Map.of("id", p.id(), "vector", p.vector(), "payload", Map.of("group", p.group())));
            }
            api().upsert(c, points);
            return c;
        });
    }

    // ---------------------------------------------------------------- the reference scores

    static double score(String distance, float[] q, float[] v) {
        return switch (distance) {
            case "Cosine" -> dot(q, v) / Math.sqrt(dot(q, q) * dot(v, v));
            case "Dot" -> dot(q, v);
            case "Euclid" -> {
                double s = 0;
                for (int i = 0; i < q.length; i++) {
                    s += (q[i] - v[i]) * (double) (q[i] - v[i]);
                }
                yield Math.sqrt(s);
            }
            case "Manhattan" -> {
                double s = 0;
                for (int i = 0; i < q.length; i++) {
                    s += Math.abs((double) q[i] - v[i]);
                }
                yield s;
            }
            default -> throw new IllegalArgumentException(distance);
        };
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static boolean higherIsBetter(String distance) {
        return distance.equals("Cosine") || distance.equals("Dot");
    }

    record Scored(long id, double score) {
    }

    /** Every point of {@code points} scored against {@code q}, best first. */
    static List<Scored> ranking(String distance, float[] q, List<Point> points) {
        Comparator<Scored> byScore = Comparator.comparingDouble(Scored::score);
        List<Scored> out = new ArrayList<>();
        for (Point p : points) {
            out.add(new Scored(p.id(), score(distance, q, p.vector())));
        }
        out.sort(higherIsBetter(distance) ? byScore.reversed() : byScore);
        return out;
    }

    private static void assertSameRanking(List<Scored> expected, JsonNode points, String what) {
        List<Long> expectedIds = expected.stream().map(Scored::id).toList();
        List<Long> actualIds = new ArrayList<>();
        points.forEach(p -> actualIds.add(p.get("id").asLong()));
        assertEquals(expectedIds, actualIds, what + " (seed " + SEED + ")");
        for (int i = 0; i < expected.size(); i++) {
            double want = expected.get(i).score();
            double got = points.get(i).get("score").asDouble();
            assertEquals(want, got, 1e-4 * Math.max(1, Math.abs(want)), what + " score of " + expectedIds.get(i) + " (seed " + SEED + ")");
        }
    }

    private static float[] queryVector(long salt) {
        return randomVector(new Random(SEED * 31 + salt));
    }

    // ---------------------------------------------------------------- search and query

    @ParameterizedTest
    @ValueSource(strings = {"Cosine", "Euclid", "Dot", "Manhattan"})
    void searchRanksAndScoresByTheDistanceFormula(String distance) {
        String c = collection(distance);
        float[] q = queryVector(1);
        List<Scored> expected = ranking(distance, q, data()).subList(0, 10);
        String path = "/collections/" + c + "/points/search";
        assertSameRanking(expected, ok(client().post(path, Map.of("vector", q, "limit", 10, "params", Map.of("exact", true)))),
                distance + " exact search");
        assertSameRanking(expected, ok(client().post(path, Map.of("vector", q, "limit", 10))),
                distance + " approximate search");
        assertSameRanking(expected, ok(client().post(path, Map.of("vector", q, "limit", 10, "params", Map.of("hnsw_ef", 200)))),
                distance + " approximate search with hnsw_ef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cosine", "Euclid", "Dot", "Manhattan"})
    void exactAndApproximateQueriesAgreeOnASmallSet(String distance) {
        String c = collection(distance);
        for (int salt = 10; salt < 15; salt++) {
            float[] q = queryVector(salt);
            JsonNode exact = ok(client().post("/collections/" + c + "/points/query",
                    Map.of("query", q, "limit", 15, "params", Map.of("exact", true)))).get("points");
            JsonNode approx = ok(client().post("/collections/" + c + "/points/query",
                    Map.of("query", q, "limit", 15, "params", Map.of("exact", false)))).get("points");
            assertEquals(ids(exact), ids(approx), distance + " salt " + salt + " seed " + SEED);
        }
    }

    private static List<Long> ids(JsonNode points) {
        List<Long> out = new ArrayList<>();
        points.forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    @Test
    void searchResultsCarryVersionPayloadAndVectorWhenAsked() {
        String c = collection("Euclid");
        float[] q = queryVector(2);
        JsonNode bare = ok(client().post("/collections/" + c + "/points/search", Map.of("vector", q, "limit", 3)));
        assertEquals(3, bare.size());
        for (JsonNode p : bare) {
            assertTrue(p.get("version").isIntegralNumber());
            assertTrue(p.path("payload").isNull() || p.path("payload").isMissingNode(), "with_payload defaults to false on search");
            assertTrue(p.path("vector").isNull() || p.path("vector").isMissingNode());
        }
        JsonNode full = ok(client().post("/collections/" + c + "/points/search",
                Map.of("vector", q, "limit", 3, "with_payload", true, "with_vector", true)));
        Map<Long, Point> byId = new HashMap<>();
        data().forEach(p -> byId.put(p.id(), p));
        for (JsonNode p : full) {
            Point want = byId.get(p.get("id").asLong());
            assertEquals(want.group(), p.at("/payload/group").asText());
            for (int d = 0; d < DIM; d++) {
                assertEquals(want.vector()[d], p.get("vector").get(d).floatValue(), 1e-6);
            }
        }
    }

    @Test
    void searchBatchAnswersEachSearchInOrder() {
        String c = collection("Dot");
        float[] q1 = queryVector(3);
        float[] q2 = queryVector(4);
        JsonNode r = ok(client().post("/collections/" + c + "/points/search/batch", Map.of("searches", List.of(
                Map.of("vector", q1, "limit", 4), Map.of("vector", q2, "limit", 2, "offset", 1)))));
        assertEquals(2, r.size());
        assertSameRanking(ranking("Dot", q1, data()).subList(0, 4), r.get(0), "first search");
        assertSameRanking(ranking("Dot", q2, data()).subList(1, 3), r.get(1), "second search");
    }

    @Test
    void queryTakesAPlainVectorOrNearest() {
        String c = collection("Cosine");
        float[] q = queryVector(5);
        List<Scored> expected = ranking("Cosine", q, data()).subList(0, 7);
        String path = "/collections/" + c + "/points/query";
        assertSameRanking(expected, ok(client().post(path, Map.of("query", q, "limit", 7))).get("points"), "query vector");
        assertSameRanking(expected, ok(client().post(path, Map.of("query", Map.of("nearest", q), "limit", 7))).get("points"),
                "query nearest");
        assertEquals(10, ok(client().post(path, Map.of("query", q))).get("points").size(), "limit defaults to 10");
    }

    @Test
    void queryByPointIdSearchesWithItsVectorAndLeavesItOut() {
        String c = collection("Euclid");
        Point self = data().get(17);
        List<Point> others = data().stream().filter(p -> p.id() != self.id()).toList();
        List<Scored> expected = ranking("Euclid", self.vector(), others).subList(0, 5);
        JsonNode r = ok(client().post("/collections/" + c + "/points/query", Map.of("query", self.id(), "limit", 5)));
        assertSameRanking(expected, r.get("points"), "query by id");
        JsonNode nearest = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", Map.of("nearest", self.id()), "limit", 5)));
        assertSameRanking(expected, nearest.get("points"), "query nearest id");
    }

    @Test
    void queryBatchAnswersEachQueryInOrder() {
        String c = collection("Manhattan");
        float[] q = queryVector(6);
        Point self = data().get(3);
        List<Point> others = data().stream().filter(p -> p.id() != self.id()).toList();
        JsonNode r = ok(client().post("/collections/" + c + "/points/query/batch", Map.of("searches", List.of(
                Map.of("query", q, "limit", 3), Map.of("query", self.id(), "limit", 2), Map.of("limit", 2)))));
        assertEquals(3, r.size());
        assertSameRanking(ranking("Manhattan", q, data()).subList(0, 3), r.get(0).get("points"), "vector query");
        assertSameRanking(ranking("Manhattan", self.vector(), others).subList(0, 2), r.get(1).get("points"), "id query");
        assertEquals(List.of(1L, 2L), ids(r.get(2).get("points")), "listing query");
    }

    @Test
    void queryWithoutQueryListsPointsInIdOrder() {
        String c = collection("Dot");
        JsonNode r = ok(client().post("/collections/" + c + "/points/query", Map.of("limit", 5, "offset", 3, "with_payload", true)));
        List<Long> expected = data().stream().map(Point::id).sorted().skip(3).limit(5).toList();
        assertEquals(expected, ids(r.get("points")));
        r.get("points").forEach(p -> assertTrue(p.at("/payload/group").isTextual()));
        JsonNode filtered = ok(client().post("/collections/" + c + "/points/query", RestClient.parse(
                "{\"limit\": 4, \"filter\": {\"must\": [{\"key\": \"group\", \"match\": {\"value\": \"g2\"}}]}}")));
        List<Long> g2 = data().stream().filter(p -> p.group().equals("g2")).map(Point::id).sorted().limit(4).toList();
        assertEquals(g2, ids(filtered.get("points")));
    }

    @Test
    void limitAndOffsetPageThroughTheRanking() {
        String c = collection("Euclid");
        float[] q = queryVector(7);
        List<Scored> all = ranking("Euclid", q, data());
        for (int offset : List.of(0, 4, 9, 75)) {
            List<Scored> expected = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + 6));
            assertSameRanking(expected, ok(client().post("/collections/" + c + "/points/search",
                    Map.of("vector", q, "limit", 6, "offset", offset))), "search offset " + offset);
            assertSameRanking(expected, ok(client().post("/collections/" + c + "/points/query",
                    Map.of("query", q, "limit", 6, "offset", offset))).get("points"), "query offset " + offset);
        }
        assertEquals(0, ok(client().post("/collections/" + c + "/points/search", Map.of("vector", q, "limit", 5, "offset", POINTS))).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cosine", "Euclid", "Dot", "Manhattan"})
    void scoreThresholdKeepsOnlyScoresAtLeastAsGood(String distance) {
        String c = collection(distance);
        float[] q = queryVector(8);
        List<Scored> all = ranking(distance, q, data());
        // halfway across the widest gap between neighbouring scores around the 10th: a similarity keeps the scores
        // above it, a distance the scores below it (the widest gap keeps float rounding from deciding the answer)
        int keep = 8;
        for (int k = 8; k < 16; k++) {
            if (Math.abs(all.get(k - 1).score() - all.get(k).score()) > Math.abs(all.get(keep - 1).score() - all.get(keep).score())) {
                keep = k;
            }
        }
        double threshold = (all.get(keep - 1).score() + all.get(keep).score()) / 2;
        JsonNode r = ok(client().post("/collections/" + c + "/points/search",
                Map.of("vector", q, "limit", 50, "score_threshold", threshold)));
        assertSameRanking(all.subList(0, keep), r, distance + " score_threshold " + threshold);
        for (JsonNode p : r) {
            double s = p.get("score").asDouble();
            assertTrue(higherIsBetter(distance) ? s >= threshold : s <= threshold, distance + " score " + s + " vs " + threshold);
        }
        JsonNode viaQuery = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", q, "limit", 50, "score_threshold", threshold))).get("points");
        assertEquals(keep, viaQuery.size());
    }

    @Test
    void usingSearchesTheNamedVector() {
        String c = AtollServerExtension.collection("search_named");
        api().createCollection(c, RestClient.parse("""
                {"vectors": {"a": {"size": 3, "distance": "Dot"}, "b": {"size": 2, "distance": "Euclid"}}}"""));
        Random r = new Random(SEED + 5);
        List<Point> a = new ArrayList<>();
        List<Point> b = new ArrayList<>();
        List<Object> points = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            float[] va = {r.nextFloat() - 0.5f, r.nextFloat() - 0.5f, r.nextFloat() - 0.5f};
            float[] vb = {r.nextFloat() * 10, r.nextFloat() * 10};
            a.add(new Point(i, va, ""));
            b.add(new Point(i, vb, ""));
            points.add(Map.of("id", i, "vector", Map.of("a", va, "b", vb)));
        }
        api().upsert(c, points);
        float[] qb = {5, 5};
        assertSameRanking(ranking("Euclid", qb, b).subList(0, 5), ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", qb, "using", "b", "limit", 5))).get("points"), "query using b");
        assertSameRanking(ranking("Euclid", qb, b).subList(0, 5), ok(client().post("/collections/" + c + "/points/search",
                Map.of("vector", Map.of("name", "b", "vector", qb), "limit", 5))), "search named b");
        float[] qa = {0.3f, -0.2f, 0.1f};
        assertSameRanking(ranking("Dot", qa, a).subList(0, 5), ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", qa, "using", "a", "limit", 5))).get("points"), "query using a");
        JsonNode withB = ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", qa, "using", "a", "limit", 1, "with_vector", List.of("b")))).at("/points/0/vector");
        assertEquals(Set.of("b"), fieldNames(withB));
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void searchWithFilterRanksOnlyMatchingPoints() {
        String c = collection("Cosine");
        float[] q = queryVector(9);
        List<Point> g1 = data().stream().filter(p -> p.group().equals("g1")).toList();
        JsonNode filter = RestClient.parse("{\"must\": [{\"key\": \"group\", \"match\": {\"value\": \"g1\"}}]}");
        List<Scored> expected = ranking("Cosine", q, g1).subList(0, 6);
        assertSameRanking(expected, ok(client().post("/collections/" + c + "/points/search",
                Map.of("vector", q, "limit", 6, "filter", filter))), "filtered search");
        assertSameRanking(expected, ok(client().post("/collections/" + c + "/points/query",
                Map.of("query", q, "limit", 6, "filter", filter, "params", Map.of("exact", true)))).get("points"), "filtered exact query");
    }

    // ---------------------------------------------------------------- scroll and count

    @Test
    void scrollAcrossThreeShardsVisitsEveryPointOnceInIdOrder() {
        String c = AtollServerExtension.collection("scroll_sharded");
        api().createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "shard_number", 3));
        Random r = new Random(SEED + 7);
        Set<Long> numeric = new HashSet<>();
        while (numeric.size() < 230) {
            numeric.add((long) r.nextInt(1_000_000));
        }
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uuids.add(new UUID(r.nextLong(), r.nextLong()).toString());
        }
        List<Object> points = new ArrayList<>();
        numeric.forEach(id -> points.add(Map.of("id", id, "vector", List.of(1, 0))));
        uuids.forEach(id -> points.add(Map.of("id", id, "vector", List.of(0, 1))));
        api().upsert(c, points);

        // Qdrant's order: every integer id (ascending) before every UUID (by its 128-bit value, as its hex spells it)
        List<String> expected = new ArrayList<>();
        numeric.stream().sorted().forEach(id -> expected.add(Long.toString(id)));
        uuids.stream().sorted().forEach(expected::add);

        List<String> seen = new ArrayList<>();
        JsonNode offset = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("limit", 17, "with_payload", false));
            if (offset != null) {
                body.put("offset", offset);
            }
            JsonNode page = ok(client().post("/collections/" + c + "/points/scroll", body));
            assertTrue(page.get("points").size() <= 17);
            page.get("points").forEach(p -> seen.add(p.get("id").asText()));
            offset = page.get("next_page_offset");
            if (offset != null && !offset.isNull()) {
                assertEquals(expected.get(seen.size()), offset.asText(), "next_page_offset is the next point (seed " + SEED + ")");
            }
            assertTrue(++pages < 100, "scroll does not end");
        } while (offset != null && !offset.isNull());
        assertEquals(expected, seen, "seed " + SEED);
    }

    @Test
    void scrollFiltersAndPagesFromAnOffset() {
        String c = collection("Dot");
        JsonNode filter = RestClient.parse("{\"should\": [{\"key\": \"group\", \"match\": {\"value\": \"g0\"}}, "
                + "{\"key\": \"group\", \"match\": {\"value\": \"g3\"}}]}");
        List<Long> expected = data().stream().filter(p -> p.group().equals("g0") || p.group().equals("g3"))
                .map(Point::id).sorted().toList();
        List<Long> seen = new ArrayList<>();
        api().scrollAll(c, filter, 7).forEach(p -> seen.add(p.get("id").asLong()));
        assertEquals(expected, seen);
        JsonNode fromMiddle = ok(client().post("/collections/" + c + "/points/scroll",
                Map.of("offset", expected.get(5), "limit", 3, "filter", filter)));
        assertEquals(expected.subList(5, 8), ids(fromMiddle.get("points")));
        assertEquals(expected.get(8), fromMiddle.get("next_page_offset").asLong());
    }

    @Test
    void countMatchesTheDataWithAndWithoutFilters() {
        String c = collection("Euclid");
        assertEquals(POINTS, api().count(c));
        assertEquals(POINTS, ok(client().post("/collections/" + c + "/points/count", Map.of())).get("count").asLong());
        for (String g : List.of("g0", "g1", "g2", "g3", "none")) {
            long expected = data().stream().filter(p -> p.group().equals(g)).count();
            assertEquals(expected, api().count(c, RestClient.parse(
                    "{\"must\": [{\"key\": \"group\", \"match\": {\"value\": \"" + g + "\"}}]}")), g);
        }
        long notG0 = data().stream().filter(p -> !p.group().equals("g0")).count();
        assertEquals(notG0, api().count(c, RestClient.parse(
                "{\"must_not\": [{\"key\": \"group\", \"match\": {\"value\": \"g0\"}}]}")));
        Set<Long> some = Set.of(1L, 5L, 9L, 1000L);
        long present = data().stream().filter(p -> some.contains(p.id())).count();
        assertEquals(present, api().count(c, Map.of("must", List.of(Map.of("has_id", some)))));
        assertFalse(present == POINTS);
    }
}
