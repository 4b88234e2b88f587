package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.MiniLm;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's quantization lever through REST on a real node: twin collections of real sentence embeddings (a
 * prefix of the shared MiniLM set), unquantized, int8 and 1-bit, searched with Qdrant's
 * {@code params.quantization}. Graph scores of a quantized index are estimates, so a search that does not
 * rescore shows scores other than the exact ones: that is how the test knows the quantized index is searched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantizationApiTest {
    private static final int POINTS = 3000;
    private static final int QUERIES = 100;
    private static final Map<String, Object> VECTORS = Map.of("size", 384, "distance", "Cosine");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private TestCluster cluster;
    private RestClient rest;
    private List<float[]> base;
    private List<float[]> queries;
    /** Per query, the exact top 10 (an exact search of the unquantized twin). */
    private final List<List<Long>> truth = new ArrayList<>();

    @BeforeAll
    void load() throws Exception {
        cluster = TestCluster.start(dir.resolve("node"), 1);
        rest = cluster.node(0).client();
        QdrantApi api = new QdrantApi(rest);
        api.createCollection("none", Map.of("vectors", VECTORS));
        api.createCollection("int8", Map.of("vectors", VECTORS, "quantization_config",
                Map.of("scalar", Map.of("type", "int8", "quantile", 0.99, "always_ram", true))));
        api.createCollection("bits", Map.of("vectors", VECTORS, "quantization_config",
                Map.of("binary", Map.of("encoding", "one_bit"))));
        base = MiniLm.fvecs(MiniLm.DATA.resolve("base-100k.fvecs"), POINTS);
        for (int from = 0; from < POINTS; from += 500) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = from; i < from + 500; i++) {
                points.add(Map.of("id", i, "vector", base.get(i)));
            }
            for (String c : List.of("none", "int8", "bits")) {
                ok(rest.put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
            }
        }
        // searches compare one index: the settle merge (one segment per shard) must not run between them
        cluster.await(Duration.ofSeconds(120), "the collections settle into one segment", () -> List.of("none",
                "int8", "bits").stream().allMatch(c -> ok(rest.get("/collections/" + c)).get("segments_count")
                .asInt() == 1));
        queries = MiniLm.fvecs(MiniLm.DATA.resolve("query.fvecs"), QUERIES);
        for (float[] q : queries) {
            truth.add(ids(search("none", q, Map.of("exact", true))));
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JsonNode search(String collection, float[] q, Map<String, Object> params) {
        return ok(rest.post("/collections/" + collection + "/points/search",
                Map.of("vector", q, "limit", 10, "params", params)));
    }

    private static List<Long> ids(JsonNode hits) {
        List<Long> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.get("id").asLong()));
        return out;
    }

    private double recall(String collection, Map<String, Object> params) {
        int found = 0;
        for (int i = 0; i < QUERIES; i++) {
            Set<Long> got = new HashSet<>(ids(search(collection, queries.get(i), params)));
            found += (int) truth.get(i).stream().filter(got::contains).count();
        }
        return found / (QUERIES * 10.0);
    }

    /** How many of the hits of {@code params} carry a score other than the point's cosine similarity. */
    private int estimatedScores(String collection, Map<String, Object> params, List<float[]> points) {
        int estimated = 0;
        for (float[] q : queries.subList(0, 20)) {
            for (JsonNode h : search(collection, q, params)) {
                if (Math.abs(cosine(q, points.get(h.get("id").asInt())) - h.get("score").asDouble()) > 1e-5) {
                    estimated++;
                }
            }
        }
        return estimated;
    }

    private int estimatedScores(String collection, Map<String, Object> params) {
        return estimatedScores(collection, params, base);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void int8SearchesTheQuantizedGraphAndRescoresWhenAsked() {
        Map<String, Object> rescored = Map.of("hnsw_ef", 64, "quantization", Map.of("rescore", true));
        double none = recall("none", Map.of("hnsw_ef", 64));
        double int8 = recall("int8", rescored);
        assertTrue(none >= 0.9, "unquantized recall " + none);
        assertTrue(int8 >= none - 0.03, "int8 rescored recall " + int8 + " against " + none);
        assertEquals(0, estimatedScores("int8", rescored), "rescored hits carry exact scores");
        assertTrue(estimatedScores("int8", Map.of("hnsw_ef", 64)) > 0,
                "without rescoring (Qdrant's default for scalar) hits carry the quantized estimates");
        assertEquals(0, estimatedScores("int8", Map.of("hnsw_ef", 64, "quantization", Map.of("ignore", true))),
                "ignore scores with the original vectors");
        assertEquals(0, estimatedScores("none", Map.of("hnsw_ef", 64)), "float graphs score exactly");
    }

    @Test
    void oneBitRescoresByDefaultAndOversamplingBuysRecall() {
        double plain = recall("bits", Map.of("hnsw_ef", 64, "quantization", Map.of("rescore", false)));
        double rescored = recall("bits", Map.of("hnsw_ef", 64));
        double oversampled = recall("bits", Map.of("hnsw_ef", 64, "quantization", Map.of("oversampling", 3.0)));
        // rescoring alone reorders the same candidates; oversampling gives it more to choose from
        assertEquals(plain, rescored, 1e-9, "rescoring " + rescored + " against " + plain);
        assertTrue(oversampled > rescored + 0.05, "oversampling 3: " + oversampled + " against " + rescored);
        assertEquals(0, estimatedScores("bits", Map.of("hnsw_ef", 64)), "binary rescores by default");
    }

    @Test
    void aChangedConfigRewritesTheSegmentsWrittenBefore() throws Exception {
        String c = "changing";
        new QdrantApi(rest).createCollection(c, Map.of("vectors", VECTORS));
        List<Map<String, Object>> points = new ArrayList<>();
        List<float[]> near = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            float[] v = queries.get(i % QUERIES).clone();
            v[i % 384] += 0.05f * (i / QUERIES + 1);
            near.add(v);
            points.add(Map.of("id", i, "vector", v));
        }
        ok(rest.put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
        Map<String, Object> plain = Map.of("hnsw_ef", 64);
        assertEquals(0, estimatedScores(c, plain, near));
        ok(rest.patch("/collections/" + c, Map.of("quantization_config", Map.of("scalar", Map.of("type", "int8")))));
        cluster.await(Duration.ofSeconds(60), "the float segments are rewritten as int8",
                () -> estimatedScores(c, plain, near) > 0);
        cluster.await(Duration.ofSeconds(60), "the rewrite is over: green",
                () -> "green".equals(ok(rest.get("/collections/" + c)).get("status").asText()));
        cluster.node(0).stop();
        cluster.restart(0); // the quantized segments are read back by Lucene's own readers, found by name
        assertTrue(estimatedScores(c, plain, near) > 0, "still searched quantized after a restart");
        assertEquals(0, estimatedScores(c, Map.of("hnsw_ef", 64, "quantization", Map.of("rescore", true)), near));
        ok(rest.patch("/collections/" + c, Map.of("quantization_config", "Disabled")));
        cluster.await(Duration.ofSeconds(60), "the int8 segments are rewritten as floats",
                () -> estimatedScores(c, plain, near) == 0);
        assertEquals(500, new QdrantApi(rest).count(c));
    }

    @Test
    void vectorsAboveLucenesQuantizedDimensionLimitAreQuantizedToo() {
        String c = "wide";
        new QdrantApi(rest).createCollection(c, Map.of("vectors", Map.of("size", 2048, "distance", "Dot",
                "quantization_config", Map.of("product", Map.of("compression", "x32")))));
        java.util.Random random = new java.util.Random(15);
        List<Map<String, Object>> points = new ArrayList<>();
        float[] last = null;
        for (int i = 0; i < 300; i++) {
            last = new float[2048];
            for (int d = 0; d < last.length; d++) {
                last[d] = (float) random.nextGaussian();
            }
            points.add(Map.of("id", i, "vector", last));
        }
        ok(rest.put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
        JsonNode hit = ok(rest.post("/collections/" + c + "/points/search", Map.of("vector", last, "limit", 1,
                "params", Map.of("quantization", Map.of("rescore", true, "oversampling", 4.0))))).get(0);
        assertEquals(299, hit.get("id").asInt(), hit.toString());
    }

    @Test
    void badConfigsAndHintsAreRefused() {
        Map<String, Object> v = VECTORS;
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config", Map.of("scalar", Map.of()))),
                400, "type");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("scalar", Map.of("type", "int4")))), 400, "int4");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("scalar", Map.of("type", "int8", "quantile", 2)))), 422, "quantile");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("product", Map.of("compression", "x3")))), 400, "x3");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("binary", Map.of("encoding", "three_bits")))), 400, "three_bits");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("binary", Map.of("always_ram", "yes")))), 400, "always_ram");
        error(rest.put("/collections/q1", Map.of("vectors", v, "quantization_config",
                Map.of("binary", Map.of("bits", 1)))), 400, "bits");
        assertEquals(404, rest.get("/collections/q1").status(), "nothing was created");
        float[] q = queries.get(0);
        error(rest.post("/collections/int8/points/search", Map.of("vector", q, "limit", 1, "params",
                Map.of("quantization", Map.of("oversampling", 0.5)))), 422, "oversampling");
        error(rest.post("/collections/int8/points/search", Map.of("vector", q, "limit", 1, "params",
                Map.of("quantization", Map.of("oversampling", 1e300)))), 422, "oversampling");
        error(rest.post("/collections/int8/points/search", Map.of("vector", q, "limit", 1, "params",
                Map.of("quantization", Map.of("rescore", "yes")))), 400, "rescore");
        error(rest.post("/collections/int8/points/search", Map.of("vector", q, "limit", 1, "params",
                Map.of("quantization", Map.of("ignore", 1)))), 400, "ignore");
    }
}
