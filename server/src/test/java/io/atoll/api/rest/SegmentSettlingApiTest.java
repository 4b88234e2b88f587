package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: once writes to a shard stop, its segments (one HNSW graph each) are merged into one, or into
 * {@code optimizers_config.default_segment_number}; the merge is committed, so a restart keeps it, and no point
 * is lost or changed by it; collection info says yellow until then and green after. Through REST on a real node.
 */
class SegmentSettlingApiTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static int segments(RestClient rest, String collection) {
        return ok(rest.get("/collections/" + collection)).get("segments_count").asInt();
    }

    @Test
    void aSettledShardIsMergedToOneSegmentOrAsManyAsTheCollectionAsks() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.resolve("node"), 1)) {
            RestClient rest = cluster.node(0).client();
            QdrantApi api = new QdrantApi(rest);
            Map<String, Object> vectors = Map.of("size", 2, "distance", "Euclid");
            api.createCollection("one", Map.of("vectors", vectors));
            api.createCollection("few", Map.of("vectors", vectors, "optimizers_config",
                    Map.of("default_segment_number", 2)));
            // Many small acknowledged writes, each made visible: many small segments.
            for (int batch = 0; batch < 60; batch++) {
                List<Map<String, Object>> points = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int id = batch * 5 + i;
                    points.add(Map.of("id", id, "vector", List.of(id, -id), "payload", Map.of("n", id)));
                }
                for (String c : List.of("one", "few")) {
                    ok(rest.put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
                }
            }
            // Qdrant's status: yellow while segments wait to be merged or are merging, green once done
            JsonNode loaded = ok(rest.get("/collections/one"));
            if (loaded.get("segments_count").asInt() > 1) {
                assertEquals("yellow", loaded.get("status").asText(), loaded.toString());
            }
            cluster.await(Duration.ofSeconds(60), "both collections are green", () -> List.of("one", "few").stream()
                    .allMatch(c -> "green".equals(ok(rest.get("/collections/" + c)).get("status").asText())));
            assertEquals(1, segments(rest, "one"), "green: settled");
            assertTrue(segments(rest, "few") <= 2, "green: settled");
            assertEquals("ok", ok(rest.get("/collections/one")).get("optimizer_status").asText());
            for (String c : List.of("one", "few")) {
                assertEquals(300, ok(rest.post("/collections/" + c + "/points/count", Map.of("exact", true)))
                        .get("count").asLong());
                JsonNode hit = ok(rest.post("/collections/" + c + "/points/search",
                        Map.of("vector", List.of(123.2, -123.2), "limit", 1, "with_payload", true))).get(0);
                assertEquals(123, hit.get("id").asInt(), hit.toString());
                assertEquals(123, hit.at("/payload/n").asInt(), hit.toString());
            }
            JsonNode done = ok(rest.get("/collections/one/optimizations?with=completed")).get("completed");
            assertTrue(done.size() > 0 && "done".equals(done.get(0).get("status").asText()), done.toString());

            cluster.node(0).stop();
            cluster.restart(0);
            assertEquals(1, segments(rest, "one"), "the merge was committed");
            assertEquals(300, ok(rest.post("/collections/one/points/count", Map.of("exact", true))).get("count")
                    .asLong());
        }
    }
}
