package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.MiniLm;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.AcornSearchParams;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's {@code params.acorn} on a real node, through REST and the official Java client: real sentence
 * embeddings, a filter admitting a tenth of them, searched at a small {@code hnsw_ef}. Without ACORN, Lucene walks
 * the graph through rejected nodes and, having visited more of them than the filter admits, searches the admitted
 * ones exactly; with it, it steps over rejected nodes and stays approximate. Different hits for some queries show
 * which walk ran; a threshold below the filter's share of points must leave the default walk, and a filter
 * admitting fewer points than the full-scan threshold (Qdrant's default here: 6,666 vectors of 384 floats) is
 * searched exactly, ACORN or not, as Qdrant plans it, so the twin collection with the default threshold answers
 * exactly.
 */
class AcornSearchApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();
    private static final int POINTS = 3000;
    private static final int QUERIES = 100;
    private static final String C = AtollServerExtension.collection("acorn");
    private static final String DEFAULT_THRESHOLD = AtollServerExtension.collection("acorn_default");
    private static final Map<String, Object> TENTH = Map.of("must", List.of(Map.of("key", "g", "match",
            Map.of("value", 3))));
    private static List<float[]> queries;
    private static final List<List<Long>> TRUTH = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        RestClient rest = SERVER.client();
        // a threshold of 10 kB (6 vectors) lets every filter here take a graph walk
        new QdrantApi(rest).createCollection(C, Map.of("vectors", Map.of("size", 384, "distance", "Cosine"),
                "hnsw_config", Map.of("full_scan_threshold", 10)));
        new QdrantApi(rest).createCollection(DEFAULT_THRESHOLD, Map.of("vectors", Map.of("size", 384, "distance",
                "Cosine")));
        List<float[]> base = MiniLm.fvecs(MiniLm.DATA.resolve("base-100k.fvecs"), POINTS);
        for (int from = 0; from < POINTS; from += 500) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                points.add(Map.of("id", i, "vector", base.get(i), "payload", Map.of("g", i % 10)));
            }
            for (String c : List.of(C, DEFAULT_THRESHOLD)) {
                ok(rest.put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
            }
        }
        // the walks are compared on one graph: the settle merge must not run between them
        QdrantApi.await("both collections settle into one segment", Duration.ofSeconds(120), () -> List.of(C,
                DEFAULT_THRESHOLD).stream().allMatch(c -> ok(rest.get("/collections/" + c)).get("segments_count")
                .asInt() == 1));
        queries = MiniLm.fvecs(MiniLm.DATA.resolve("query.fvecs"), QUERIES);
        for (float[] q : queries) {
            TRUTH.add(ids(search(q, Map.of("exact", true))));
        }
    }

    private static JsonNode search(float[] q, Map<String, Object> params) {
        return search(C, q, params);
    }

    private static JsonNode search(String collection, float[] q, Map<String, Object> params) {
        return ok(SERVER.client().post("/collections/" + collection + "/points/search",
                Map.of("vector", q, "limit", 10, "filter", TENTH, "params", params)));
    }

    private static List<Long> ids(JsonNode hits) {
        List<Long> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.get("id").asLong()));
        return out;
    }

    private static List<List<Long>> all(Map<String, Object> params) {
        return all(C, params);
    }

    private static List<List<Long>> all(String collection, Map<String, Object> params) {
        return queries.stream().map(q -> ids(search(collection, q, params))).toList();
    }

    private static double recall(List<List<Long>> hits) {
        int found = 0;
        for (int i = 0; i < QUERIES; i++) {
            Set<Long> got = new HashSet<>(hits.get(i));
            found += (int) TRUTH.get(i).stream().filter(got::contains).count();
        }
        return found / (QUERIES * 10.0);
    }

    private static long differing(List<List<Long>> a, List<List<Long>> b) {
        int n = 0;
        for (int i = 0; i < QUERIES; i++) {
            n += a.get(i).equals(b.get(i)) ? 0 : 1;
        }
        return n;
    }

    @Test
    void acornWalksTheGraphDifferentlyWhenTheFilterAdmitsLessThanItsThreshold() {
        List<List<Long>> plain = all(Map.of("hnsw_ef", 10));
        List<List<Long>> acorn = all(Map.of("hnsw_ef", 10, "acorn", Map.of("enable", true)));
        List<List<Long>> above = all(Map.of("hnsw_ef", 10, "acorn", Map.of("enable", true, "max_selectivity", 0.05)));
        List<List<Long>> off = all(Map.of("hnsw_ef", 10, "acorn", Map.of("enable", false, "max_selectivity", 1)));
        System.out.printf("acorn: recall %.3f without, %.3f with; %d of %d queries differ%n", recall(plain),
                recall(acorn), differing(plain, acorn), QUERIES);
        assertNotEquals(0, differing(plain, acorn), "ACORN (max_selectivity 0.4 by default) took another walk");
        // seen: 1.000 without, 0.853 with, 74 queries differing (2026-12-07)
        assertTrue(recall(acorn) >= 0.7, "ACORN's recall " + recall(acorn));
        assertEquals(plain, above, "the filter admits 10 %, above max_selectivity 0.05: the default walk");
        assertEquals(plain, off, "not enabled");
        assertEquals(1.0, recall(all(DEFAULT_THRESHOLD, Map.of("hnsw_ef", 10, "acorn", Map.of("enable", true)))),
                "300 admitted points are under the default full-scan threshold: searched exactly");
        assertEquals(1.0, recall(all(DEFAULT_THRESHOLD, Map.of("hnsw_ef", 10))), "so without ACORN too");
    }

    @Test
    void theJavaClientAsksForAcornAsRestDoes() throws Exception {
        Filter tenth = Filter.newBuilder().addMust(ConditionFactory.match("g", 3L)).build();
        List<List<Long>> rest = all(Map.of("hnsw_ef", 10, "acorn", Map.of("enable", true, "max_selectivity", 0.5)));
        assertNotEquals(rest.subList(0, 20), all(Map.of("hnsw_ef", 10)).subList(0, 20), "ACORN changes some hits");
        for (int i = 0; i < 20; i++) {
            List<ScoredPoint> hits = SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(C)
                    .addAllVector(boxed(queries.get(i))).setLimit(10).setFilter(tenth).setParams(SearchParams
                            .newBuilder().setHnswEf(10).setAcorn(AcornSearchParams.newBuilder().setEnable(true)
                                    .setMaxSelectivity(0.5))).build()).get();
            assertEquals(rest.get(i), hits.stream().map(h -> h.getId().getNum()).toList());
        }
        for (double wrong : new double[] {1.5, -0.1, Double.NaN}) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> SERVER.grpc().searchAsync(SearchPoints.newBuilder().setCollectionName(C)
                            .addAllVector(boxed(queries.get(0))).setLimit(10).setParams(SearchParams.newBuilder()
                                    .setAcorn(AcornSearchParams.newBuilder().setEnable(true)
                                            .setMaxSelectivity(wrong))).build()).get());
            assertEquals(Status.Code.INVALID_ARGUMENT, ((StatusRuntimeException) e.getCause()).getStatus().getCode(),
                    "max_selectivity " + wrong);
        }
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    @Test
    void badAcornParamsAreRefusedInQdrantsEnvelope() {
        String q = "{\"vector\": " + Arrays.toString(queries.get(0)) + ", \"limit\": 3, \"params\": ";
        String path = "/collections/" + C + "/points/search";
        Object[][] cases = {
                {"{\"acorn\": {\"enable\": true, \"max_selectivity\": 1.5}}", 422, "max_selectivity"},
                {"{\"acorn\": {\"enable\": true, \"max_selectivity\": -0.1}}", 422, "max_selectivity"},
                {"{\"acorn\": {\"enable\": true, \"max_selectivity\": 1e999}}", 400, "finite"},
                {"{\"acorn\": {\"enable\": true, \"max_selectivity\": NaN}}", 400, "NaN"},
                {"{\"acorn\": {\"enable\": true, \"max_selectivity\": \"0.4\"}}", 400, "max_selectivity"},
                {"{\"acorn\": {\"enable\": \"yes\"}}", 400, "enable"},
                {"{\"acorn\": {\"enable\": true, \"walk\": 2}}", 400, "walk"},
                {"{\"acorn\": true}", 400, "acorn"}};
        for (Object[] c : cases) {
            error(SERVER.client().send("POST", path, q + c[0] + "}"), (int) c[1], (String) c[2]);
        }
        // and through /points/query, whose params are the same object
        error(SERVER.client().send("POST", "/collections/" + C + "/points/query", "{\"query\": "
                + Arrays.toString(queries.get(0)) + ", \"params\": {\"acorn\": {\"enable\": true, "
                + "\"max_selectivity\": 2}}}"), 422, "max_selectivity");
        assertEquals(10, search(queries.get(0), Map.of("acorn", Map.of("enable", true, "max_selectivity", 0)))
                .size(), "0 never takes ACORN and is allowed");
    }
}
