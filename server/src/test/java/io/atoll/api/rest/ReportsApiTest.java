package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET|DELETE /issues} and {@code GET /collections/{c}/optimizations} on a real node (issue 18). The node is
 * configured with {@code slow_query_secs: 0}, so that every filtered read counts as slow and reports its
 * unindexed keys, as a slow one does under the default threshold.
 */
class ReportsApiTest {
    @TempDir
    Path dir;

    @Test
    void slowFilteredReadsReportUnindexedKeysUntilIndexedDroppedOrCleared() throws Exception {
        Path config = dir.resolve("issues.yaml");
        Files.writeString(config, "service:\n  slow_query_secs: 0\n");
        try (TestCluster cluster = TestCluster.start(dir.resolve("node"), 1, "--config", config.toString())) {
            RestClient rest = cluster.node(0).client();
            QdrantApi api = new QdrantApi(rest);
            assertEquals(0, ok(rest.get("/issues")).get("issues").size(), "a new node has none");
            api.createCollection("c", Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
            ok(rest.post("/collections/c/points/search", Map.of("vector", List.of(1, 0), "limit", 1)));
            assertEquals(0, ok(rest.get("/issues")).get("issues").size(), "an unfiltered read names no key");

            ok(rest.post("/collections/c/points/scroll", Map.of("filter", Map.of("must", List.of(
                    Map.of("key", "city", "match", Map.of("value", "Oslo")),
                    Map.of("key", "n", "range", Map.of("gt", 1)),
                    Map.of("has_id", List.of(1)))))));
            JsonNode issues = ok(rest.get("/issues")).get("issues");
            assertEquals(2, issues.size(), issues.toString());
            JsonNode city = issues.get(0);
            assertEquals("UNINDEXED_FIELD/c/city", city.get("id").asText());
            assertEquals("Unindexed field 'city' might be slowing queries down in collection 'c'",
                    city.get("description").asText());
            assertEquals("c", city.get("related_collection").asText());
            assertFalse(city.get("timestamp").asText().isEmpty());
            // a string match is served by a keyword or a uuid index: the user chooses
            JsonNode choices = city.at("/solution/immediate_choice");
            assertEquals(2, choices.size(), city.toString());
            JsonNode action = choices.get(0).get("action");
            assertEquals("PUT", action.get("method").asText());
            assertEquals("/collections/c/index", action.get("uri").asText());
            assertEquals("keyword", action.at("/body/field_schema").asText());

            // following the solution solves the issue
            ok(rest.send(action.get("method").asText(), action.get("uri").asText() + "?wait=true",
                    RestClient.JSON.convertValue(action.get("body"), Map.class)));
            issues = ok(rest.get("/issues")).get("issues");
            assertEquals(List.of("UNINDEXED_FIELD/c/n"), ids(issues));

            assertTrue(ok(rest.delete("/issues")).asBoolean());
            assertEquals(0, ok(rest.get("/issues")).get("issues").size(), "cleared");
            ok(rest.post("/collections/c/points/count", Map.of("filter", Map.of("must", List.of(
                    Map.of("key", "n", "range", Map.of("gt", 1)))))));
            assertEquals(1, ok(rest.get("/issues")).get("issues").size());
            ok(rest.delete("/collections/c"));
            assertEquals(0, ok(rest.get("/issues")).get("issues").size(), "a dropped collection's issues go with it");
        }
    }

    @Test
    void optimizationsShowMergedAndIdleSegments() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir.resolve("node"), 1)) {
            RestClient rest = cluster.node(0).client();
            new QdrantApi(rest).createCollection("c", Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
            // many small acknowledged writes, each made visible, make many small segments for Lucene to merge
            for (int batch = 0; batch < 40; batch++) {
                List<Map<String, Object>> points = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    points.add(Map.of("id", batch * 5 + i, "vector", List.of(1, i)));
                }
                ok(rest.put("/collections/c/points?wait=true", Map.of("points", points)));
            }
            // merges run in the background: wait (with a deadline) until one has finished
            JsonNode all = ok(rest.get("/collections/c/optimizations?with=queued,completed,idle_segments"));
            for (long end = System.nanoTime() + 60_000_000_000L; all.get("completed").isEmpty()
                    && System.nanoTime() < end; ) {
                Thread.sleep(100);
                all = ok(rest.get("/collections/c/optimizations?with=queued,completed,idle_segments"));
            }
            JsonNode summary = all.get("summary");
            assertEquals(0, summary.get("queued_optimizations").asInt());
            assertEquals(summary.get("idle_segments").asInt(), all.get("idle_segments").size());
            assertTrue(all.get("queued").isArray());
            long points = 0;
            Set<String> ids = new HashSet<>();
            for (JsonNode s : all.get("idle_segments")) {
                points += s.get("points_count").asLong();
                assertTrue(ids.add(s.get("uuid").asText()), "segment ids are unique");
            }
            for (JsonNode m : all.get("running")) {
                for (JsonNode s : m.get("segments")) {
                    points += s.get("points_count").asLong();
                }
            }
            assertTrue(points >= 200 || all.get("running").size() > 0, all.toString());
            assertTrue(all.get("completed").size() > 0, "200 points in 40 refreshes were merged: " + all);
            JsonNode merge = all.get("completed").get(0);
            assertEquals("done", merge.get("status").asText());
            assertEquals("merge", merge.get("optimizer").asText());
            assertTrue(merge.get("segments").size() > 1, merge.toString());
            assertTrue(merge.at("/progress/duration_sec").asDouble() >= 0);
            assertEquals(1, ok(rest.get("/collections/c/optimizations?with=completed&completed_limit=1"))
                    .get("completed").size());

            JsonNode plain = ok(rest.get("/collections/c/optimizations"));
            assertFalse(plain.has("completed"), "only what `with` asks for");
            assertTrue(plain.get("running").isArray());
            error(rest.get("/collections/c/optimizations?with=everything"), 400, "`with`");
            error(rest.get("/collections/c/optimizations?completed_limit=-1"), 400, "completed_limit");
            error(rest.get("/collections/missing/optimizations"), 404, "missing");
        }
    }

    private static List<String> ids(JsonNode issues) {
        List<String> out = new ArrayList<>();
        issues.forEach(i -> out.add(i.get("id").asText()));
        return out;
    }
}
