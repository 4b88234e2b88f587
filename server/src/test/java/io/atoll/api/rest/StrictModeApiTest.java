package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strict mode (issue 18): {@code strict_mode_config} kept, merged by updates and shown, and each of its limits
 * enforced through the REST API as Qdrant 1.19 enforces it, with Qdrant's messages; nothing enforced while it is
 * not enabled. Also read fan-out and payload placement kept and shown.
 */
class StrictModeApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static String collection(String prefix, Map<String, Object> strict) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "strict_mode_config", strict));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("city", "Oslo", "n", 1)),
                Map.of("id", 2, "vector", List.of(0, 1), "payload", Map.of("city", "Rome", "n", 2))))));
        return c;
    }

    private static JsonNode config(String c) {
        return ok(client().get("/collections/" + c)).get("config");
    }

    @Test
    void strictModeIsShownMergedByUpdatesAndTurnedOff() {
        String c = collection("strict_shown", Map.of("enabled", true, "max_query_limit", 5));
        JsonNode s = config(c).get("strict_mode_config");
        assertTrue(s.get("enabled").asBoolean());
        assertEquals(5, s.get("max_query_limit").asInt());
        assertFalse(s.has("max_timeout"), "limits not set are not shown: " + s);

        ok(client().patch("/collections/" + c, Map.of("strict_mode_config", Map.of("max_timeout", 3))));
        s = config(c).get("strict_mode_config");
        assertEquals(5, s.get("max_query_limit").asInt(), "an update merges: " + s);
        assertEquals(3, s.get("max_timeout").asInt());
        error(client().post("/collections/" + c + "/points/search", Map.of("vector", List.of(1, 1), "limit", 6)),
                400, "Limit exceeded 6 > 5 for \"limit\"", "Help:");

        ok(client().patch("/collections/" + c, Map.of("strict_mode_config", Map.of("enabled", false))));
        ok(client().post("/collections/" + c + "/points/search", Map.of("vector", List.of(1, 1), "limit", 6)));
        assertEquals(5, config(c).at("/strict_mode_config/max_query_limit").asInt(), "kept while disabled");
    }

    @Test
    void limitsOnReadsAreEnforced() {
        String c = collection("strict_reads", Map.of("enabled", true, "max_query_limit", 5, "search_allow_exact",
                false, "search_max_hnsw_ef", 64, "search_max_oversampling", 2.0, "search_max_batchsize", 2,
                "max_timeout", 10));
        String base = "/collections/" + c + "/points";
        ok(client().post(base + "/search", Map.of("vector", List.of(1, 1), "limit", 5)));
        error(client().post(base + "/query", Map.of("query", List.of(1, 1), "limit", 6)), 400, "\"limit\"");
        error(client().post(base + "/scroll", Map.of("limit", 6)), 400, "\"limit\"");
        error(client().post(base + "/search", Map.of("vector", List.of(1, 1), "limit", 1,
                "params", Map.of("exact", true))), 400, "Exact search disabled!", "Set exact=false.");
        error(client().post(base + "/search", Map.of("vector", List.of(1, 1), "limit", 1,
                "params", Map.of("hnsw_ef", 65))), 400, "65 > 64 for \"hnsw_ef\"");
        error(client().post(base + "/query", Map.of("query", List.of(1, 1), "limit", 1,
                "params", Map.of("quantization", Map.of("oversampling", 3.0)))), 400, "\"oversampling\"");
        ok(client().post(base + "/search", Map.of("vector", List.of(1, 1), "limit", 1,
                "params", Map.of("hnsw_ef", 64, "quantization", Map.of("oversampling", 2.0)))));
        Map<String, Object> one = Map.of("vector", List.of(1, 1), "limit", 1);
        ok(client().post(base + "/search/batch", Map.of("searches", List.of(one, one))));
        error(client().post(base + "/search/batch", Map.of("searches", List.of(one, one, one))), 400,
                "3 > 2 for \"search batch size\"");
        error(client().post(base + "/query/batch", Map.of("searches", List.of(Map.of(), Map.of(), Map.of()))), 400,
                "search batch size");
        error(client().post(base + "/search?timeout=11", one), 400, "11 > 10 for \"timeout\"");
        ok(client().post(base + "/search?timeout=10", one));
        error(client().put(base + "?timeout=11", Map.of("points", List.of())), 400, "\"timeout\"");
    }

    @Test
    void filtersOnUnindexedKeysAndOversizedFiltersAreRefused() {
        String c = collection("strict_filters", Map.of("enabled", true, "unindexed_filtering_retrieve", false,
                "unindexed_filtering_update", false, "filter_max_conditions", 2, "condition_max_size", 3));
        String base = "/collections/" + c + "/points";
        Map<String, Object> byCity = Map.of("must", List.of(Map.of("key", "city", "match", Map.of("value", "Oslo"))));
        error(client().post(base + "/count", Map.of("filter", byCity)), 400,
                "Index required but not found for \"city\" of one of the following types: [keyword, uuid]",
                "Help: Create an index for this key or use a different filter.");
        error(client().post(base + "/delete?wait=true", Map.of("filter", byCity)), 400, "\"city\"");
        Map<String, Object> byRange = Map.of("must", List.of(Map.of("key", "n", "range", Map.of("gte", 1))));
        error(client().post(base + "/scroll", Map.of("filter", byRange)), 400, "\"n\"", "[float, integer]");
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "city",
                "field_schema", "keyword")));
        assertEquals(1, ok(client().post(base + "/count", Map.of("filter", byCity))).get("count").asInt());
        ok(client().post(base + "/scroll", Map.of("filter", Map.of("must", List.of(
                Map.of("has_id", List.of(1, 2)))))));

        Map<String, Object> three = Map.of("should", List.of(Map.of("key", "city", "match", Map.of("value", "a")),
                Map.of("key", "city", "match", Map.of("value", "b")),
                Map.of("key", "city", "match", Map.of("value", "c"))));
        error(client().post(base + "/count", Map.of("filter", three)), 400,
                "Filter condition limit reached (3 > 2)");
        error(client().post(base + "/count", Map.of("filter", Map.of("must", List.of(Map.of("key", "city",
                "match", Map.of("any", List.of("a", "b", "c", "d"))))))), 400, "Condition size limit reached (4 > 3)");
        assertEquals(2, ok(client().post(base + "/count", Map.of())).get("count").asInt(), "nothing was deleted");
    }

    @Test
    void writesBeyondTheBatchSizeOrCollectionSizeAreRefused() throws Exception {
        String c = collection("strict_writes", Map.of("enabled", true, "upsert_max_batchsize", 3,
                "max_points_count", 4, "max_payload_index_count", 1));
        String base = "/collections/" + c + "/points?wait=true";
        error(client().put(base, Map.of("points", points(10, 4))), 400, "4 > 3 for \"upsert limit\"");
        error(client().put("/collections/" + c + "/points/vectors?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 1)), Map.of("id", 2, "vector", List.of(1, 1)),
                Map.of("id", 3, "vector", List.of(1, 1)), Map.of("id", 4, "vector", List.of(1, 1))))), 400,
                "\"update limit\"");
        ok(client().put(base, Map.of("points", points(10, 2))));
        // the size is an estimate read again at most every 200 ms, as Qdrant's is an estimate: wait for it
        RestClient.Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            RestClient.Response r = client().put(base, Map.of("points", points(20 + i, 1)));
            if (r.status() != 200) {
                refused = r;
            } else {
                Thread.sleep(50);
            }
        }
        error(refused, 400, "Max points count limit of 4 reached!");
        ok(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "city",
                "field_schema", "keyword")));
        error(client().put("/collections/" + c + "/index?wait=true", Map.of("field_name", "n",
                "field_schema", "integer")), 400, "max_payload_index_count");
        assertFalse(config(c).isNull());
        assertFalse(ok(client().get("/collections/" + c)).get("payload_schema").has("n"));
    }

    @Test
    void readAndWriteRatesAreLimitedWithRetryAfter() {
        String c = collection("strict_rates", Map.of("enabled", true, "read_rate_limit", 3, "write_rate_limit", 4));
        String base = "/collections/" + c + "/points";
        // the writes of the setup took 2 of the 4 write tokens
        ok(client().put(base + "?wait=true", Map.of("points", points(10, 2))));
        String write = error(client().put(base + "?wait=true", Map.of("points", points(12, 1))), 429,
                "Rate limiting exceeded: Write rate limit exceeded", "Retry after");
        assertTrue(write.contains("requires 1 tokens"), write);
        error(client().put(base + "?wait=true", Map.of("points", points(30, 5))), 429, "larger than the rate limit");
        Map<String, Object> one = Map.of("vector", List.of(1, 1), "limit", 1);
        for (int i = 0; i < 3; i++) {
            ok(client().post(base + "/search", one));
        }
        error(client().post(base + "/search", one), 429, "Read rate limit exceeded");
    }

    @Test
    void badStrictModeConfigsAreRefusedAndChangeNothing() {
        String c = collection("strict_bad", Map.of("enabled", false));
        String path = "/collections/" + c;
        error(client().patch(path, Map.of("strict_mode_config", Map.of("max_query_limit", "ten"))), 400,
                "max_query_limit");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("max_query_limit", 0))), 422,
                "max_query_limit");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("max_query_limit", -1))), 400,
                "max_query_limit");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("enabled", "yes"))), 400, "enabled");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("search_max_oversampling", -1))), 422,
                "search_max_oversampling");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("max_resident_memory_percent", 101))), 422,
                "max_resident_memory_percent");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("max_qeury_limit", 1))), 400,
                "unknown field `max_qeury_limit`");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("multivector_config",
                Map.of("v", Map.of("max_vectors", 0))))), 422, "max_vectors");
        error(client().patch(path, Map.of("strict_mode_config", List.of())), 400, "strict_mode_config");
        error(client().patch(path, Map.of("strict_mode_config", Map.of("read_rate_limit",
                new java.math.BigInteger("18446744073709551616")))), 400, "read_rate_limit");
        ok(client().patch(path, Map.of("strict_mode_config", Map.of("multivector_config",
                Map.of("v", Map.of("max_vectors", 4)), "sparse_config", Map.of("s", Map.of("max_length", 9))))));
        JsonNode s = config(c).get("strict_mode_config");
        assertEquals(4, s.at("/multivector_config/v/max_vectors").asInt());
        assertEquals(9, s.at("/sparse_config/s/max_length").asInt());
        assertFalse(s.get("enabled").asBoolean());
        assertFalse(s.has("max_query_limit"), "no refused update left anything behind: " + s);
    }

    @Test
    void readFanOutAndPayloadPlacementAreKeptAndShown() {
        String c = AtollServerExtension.collection("fan_out");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "read_fan_out_factor", 1, "payload", Map.of("memory", "cached")));
        JsonNode params = config(c).get("params");
        assertEquals(1, params.get("read_fan_out_factor").asInt());
        assertEquals("cached", params.at("/payload/memory").asText());
        assertFalse(params.has("read_fan_out_delay_ms"));
        ok(client().patch("/collections/" + c, Map.of("params", Map.of("read_fan_out_delay_ms", 20,
                "payload", Map.of("memory", "cold")))));
        params = config(c).get("params");
        assertEquals(20, params.get("read_fan_out_delay_ms").asInt());
        assertEquals(1, params.get("read_fan_out_factor").asInt());
        assertEquals("cold", params.at("/payload/memory").asText());
        error(client().patch("/collections/" + c, Map.of("params", Map.of("payload", Map.of("memory", "pinned")))),
                400, "`pinned` is not supported for payload storage");
        error(client().patch("/collections/" + c, Map.of("params", Map.of("payload", Map.of("memory", "hot")))),
                400, "unknown variant `hot`");
        error(client().patch("/collections/" + c, Map.of("params", Map.of("read_fan_out_factor", -1))), 400,
                "read_fan_out_factor");
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", points(1, 3))));
        assertEquals(3, ok(client().post("/collections/" + c + "/points/count", Map.of())).get("count").asInt());
    }

    private static List<Map<String, Object>> points(int from, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("id", from + i, "vector", List.of(1, i)));
        }
        return out;
    }
}
