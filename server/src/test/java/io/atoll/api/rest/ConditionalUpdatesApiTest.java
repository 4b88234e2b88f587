package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Qdrant's conditional writes on a real node: {@code update_mode} (insert_only, update_only) and
 * {@code update_filter} on upserts and vector updates, over three shards so that each shard's part keeps them.
 */
class ConditionalUpdatesApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    /** Points 1..6 with {"v": 1, "team": a|b} and vector [1, 0], over three shards. */
    private static String loaded(String prefix) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 3));
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            points.add(Map.of("id", i, "vector", List.of(1, 0), "payload", Map.of("v", 1, "team", i <= 3 ? "a" : "b")));
        }
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
        return c;
    }

    private static Map<String, Object> point(int id, int v) {
        return Map.of("id", id, "vector", List.of(0, 1), "payload", Map.of("v", v));
    }

    private static JsonNode get(String c, int id) {
        RestClient.Response r = client().get("/collections/" + c + "/points/" + id);
        return r.status() == 404 ? null : ok(r);
    }

    private static long count(String c) {
        return ok(client().post("/collections/" + c + "/points/count", Map.of())).get("count").asLong();
    }

    @Test
    void insertOnlyLeavesExistingPointsAlone() {
        String c = loaded("insert_only");
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("update_mode", "insert_only",
                "points", List.of(point(1, 2), point(2, 2), point(7, 2), point(8, 2)))));
        assertEquals(1, get(c, 1).at("/payload/v").asInt(), "existing: unchanged");
        assertEquals(1.0, get(c, 2).at("/vector/0").asDouble(), 1e-6);
        assertEquals(2, get(c, 7).at("/payload/v").asInt(), "new: inserted");
        assertEquals(8, count(c));
    }

    @Test
    void updateOnlyInsertsNothing() {
        String c = loaded("update_only");
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("update_mode", "update_only",
                "points", List.of(point(1, 3), point(5, 3), point(9, 3)))));
        assertEquals(3, get(c, 1).at("/payload/v").asInt());
        assertEquals(3, get(c, 5).at("/payload/v").asInt());
        assertEquals(null, get(c, 9), "not inserted");
        assertEquals(6, count(c));
    }

    @Test
    void anUpdateFilterGuardsExistingPointsAndLetsNewOnesIn() {
        String c = loaded("update_filter");
        Map<String, Object> teamA = Map.of("must", List.of(Map.of("key", "team", "match", Map.of("value", "a"))));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("update_filter", teamA,
                "points", List.of(point(2, 4), point(4, 4), point(10, 4)))));
        assertEquals(4, get(c, 2).at("/payload/v").asInt(), "team a: updated");
        assertEquals(1, get(c, 4).at("/payload/v").asInt(), "team b: kept as it was");
        assertEquals("b", get(c, 4).at("/payload/team").asText());
        assertEquals(4, get(c, 10).at("/payload/v").asInt(), "new: inserted regardless of the filter");

        ok(client().put("/collections/" + c + "/points/vectors?wait=true", Map.of("update_filter", Map.of("must_not",
                teamA.get("must")), "points", List.of(Map.of("id", 3, "vector", List.of(5, 5)),
                Map.of("id", 5, "vector", List.of(5, 5))))));
        assertEquals(1.0, get(c, 3).at("/vector/0").asDouble(), 1e-6, "team a: vectors kept");
        assertEquals(5.0, get(c, 5).at("/vector/0").asDouble(), 1e-6, "team b: vectors updated");
        error(client().put("/collections/" + c + "/points/vectors?wait=true", Map.of("update_filter", teamA,
                "points", List.of(Map.of("id", 404, "vector", List.of(5, 5))))), 404, "404");
    }

    @Test
    void conditionalUpsertsWorkInBatches() {
        String c = loaded("conditional_batch");
        JsonNode results = ok(client().post("/collections/" + c + "/points/batch?wait=true", Map.of("operations",
                List.of(Map.of("upsert", Map.of("update_mode", "update_only", "points", List.of(point(11, 5)))),
                        Map.of("upsert", Map.of("update_mode", "insert_only", "points", List.of(point(1, 5),
                                point(12, 5))))))));
        assertEquals(2, results.size());
        assertEquals(null, get(c, 11));
        assertEquals(1, get(c, 1).at("/payload/v").asInt());
        assertEquals(5, get(c, 12).at("/payload/v").asInt());
    }

    @Test
    void badModesAndFiltersAreRefusedWithNothingWritten() {
        String c = loaded("bad_conditional");
        String message = error(client().put("/collections/" + c + "/points?wait=true", Map.of("update_mode",
                "sometimes", "points", List.of(point(20, 1)))), 400, "update_mode");
        assertTrue(message.contains("insert_only"), message);
        error(client().put("/collections/" + c + "/points?wait=true", Map.of("update_mode", 1,
                "points", List.of(point(20, 1)))), 400, "update_mode");
        error(client().put("/collections/" + c + "/points?wait=true", Map.of("update_filter", Map.of("must",
                List.of(Map.of("key", "", "match", Map.of("value", 1)))), "points", List.of(point(20, 1)))), 400,
                "key");
        assertEquals(6, count(c));
    }
}
