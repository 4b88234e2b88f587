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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT|DELETE /collections/{c}/vectors/{name}} (issue 18) on a 3-node cluster with replicated shards: a named
 * vector added takes writes through any node and is searched; removed, it is gone from every point; added again
 * with another size, the points hold nothing of the old one; all of it survives a node's kill -9 and restart.
 */
class NamedVectorsApiTest {
    @TempDir
    Path dir;

    private static Map<String, Object> point(int id, Map<String, Object> vectors) {
        return Map.of("id", id, "vector", vectors, "payload", Map.of("n", id));
    }

    @Test
    void namedVectorsAreAddedUsedRemovedAndAddedAgain() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 3)) {
            RestClient a = cluster.node(0).client();
            RestClient b = cluster.node(1).client();
            new QdrantApi(a).createCollection("c", Map.of("vectors", Map.of("dense", Map.of("size", 2, "distance",
                    "Dot")), "shard_number", 2, "replication_factor", 2));
            ok(a.put("/collections/c/points?wait=true", Map.of("points", List.of(
                    point(1, Map.of("dense", List.of(1, 0))), point(2, Map.of("dense", List.of(0, 1)))))));

            ok(a.put("/collections/c/vectors/image?wait=true", Map.of("dense", Map.of("size", 3, "distance",
                    "Cosine"))));
            JsonNode shown = new QdrantApi(b).info("c").at("/config/params/vectors/image");
            assertEquals(3, shown.get("size").asInt(), "every node knows it when the call returns");
            assertEquals("Cosine", shown.get("distance").asText());
            ok(b.put("/collections/c/points?wait=true", Map.of("points", List.of(point(3, Map.of("dense",
                    List.of(1, 1), "image", List.of(0, 0, 1)))))));
            JsonNode hit = ok(a.post("/collections/c/points/query?consistency=all", Map.of("query",
                    List.of(0, 0, 2), "using", "image", "limit", 3, "with_vector", true))).get("points");
            assertEquals(1, hit.size(), "only point 3 has the new vector: " + hit);
            assertEquals(3, hit.get(0).get("id").asInt());
            assertEquals(1, ok(a.post("/collections/c/points/count", Map.of("filter", Map.of("must", List.of(
                    Map.of("has_vector", "image")))))).get("count").asInt());
            ok(a.put("/collections/c/vectors/image?wait=true", Map.of("dense", Map.of("size", 3, "distance",
                    "Cosine"))));
            error(a.put("/collections/c/vectors/image", Map.of("dense", Map.of("size", 4, "distance", "Cosine"))),
                    400, "already exists with a different configuration");

            ok(b.delete("/collections/c/vectors/image?wait=true"));
            assertFalse(new QdrantApi(a).info("c").at("/config/params/vectors").has("image"));
            JsonNode three = ok(a.post("/collections/c/points", Map.of("ids", List.of(3), "with_vector", true)));
            assertEquals(List.of("dense"), fieldNames(three.get(0).get("vector")), "the point lost it");
            error(a.post("/collections/c/points/query", Map.of("query", List.of(0, 0, 1), "using", "image")), 400,
                    "image");

            // the same name again, with another size: nothing of the old values comes back
            ok(a.put("/collections/c/vectors/image?wait=true", Map.of("dense", Map.of("size", 4, "distance",
                    "Euclid"))));
            three = ok(b.post("/collections/c/points", Map.of("ids", List.of(3), "with_vector", true)));
            assertEquals(List.of("dense"), fieldNames(three.get(0).get("vector")));
            ok(a.put("/collections/c/points?wait=true", Map.of("points", List.of(point(4, Map.of("dense",
                    List.of(1, 1), "image", List.of(1, 2, 3, 4)))))));
            assertEquals(1, ok(b.post("/collections/c/points/count", Map.of("filter", Map.of("must", List.of(
                    Map.of("has_vector", "image")))))).get("count").asInt(), "only point 4 has the new one");

            cluster.kill9(2);
            cluster.restart(2);
            RestClient c = cluster.node(2).client();
            cluster.await(Duration.ofSeconds(60), "node 2 serves the collection again", () -> {
                RestClient.Response r = c.post("/collections/c/points/query?consistency=all", Map.of("query",
                        List.of(1, 2, 3, 4), "using", "image", "limit", 5));
                // a read at `all` answers 503 while the cluster's management moves a replica (the rebalancer may
                // even out primaries after node 2's failover), so the count is read within the wait too
                RestClient.Response count = c.post("/collections/c/points/count?consistency=all", Map.of());
                return r.status() == 200 && r.result().get("points").size() == 1 && count.status() == 200
                        && count.result().get("count").asInt() == 4;
            });
        }
    }

    @Test
    void badVectorRequestsAreRefusedAndChangeNothing() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, 1)) {
            RestClient a = cluster.node(0).client();
            new QdrantApi(a).createCollection("named", Map.of("vectors", Map.of("dense", Map.of("size", 2,
                    "distance", "Dot"))));
            new QdrantApi(a).createCollection("single", Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
            String path = "/collections/named/vectors/x";
            error(a.put("/collections/named/vectors/dense", Map.of("sparse", Map.of())), 400,
                    "Vector `dense` already exists as a dense vector");
            error(a.put(path, Map.of("sparse", Map.of("modifier", "bm25"))), 400, "unknown variant `bm25`");
            error(a.put(path, Map.of("sparse", Map.of(), "dense", Map.of("size", 2, "distance", "Dot"))), 400,
                    "not both");
            error(a.put(path, Map.of()), 400, "missing field `dense`");
            error(a.put(path, Map.of("dense", Map.of("size", 0, "distance", "Dot"))), 422, "size");
            error(a.put(path, Map.of("dense", Map.of("size", 1_000_000, "distance", "Dot"))), 422, "size");
            error(a.put(path, Map.of("dense", Map.of("size", "two", "distance", "Dot"))), 400, "size");
            error(a.put(path, Map.of("dense", Map.of("size", 2, "distance", "Near"))), 400, "unknown variant");
            error(a.put(path, Map.of("dense", Map.of("size", 2, "distance", "Dot", "hnsw_config", Map.of()))), 400,
                    "unknown field `hnsw_config`");
            error(a.put(path, List.of()), 400, "");
            error(a.put("/collections/missing/vectors/x", Map.of("dense", Map.of("size", 2, "distance", "Dot"))),
                    404, "missing");
            error(a.put("/collections/single/vectors/x", Map.of("dense", Map.of("size", 2, "distance", "Dot"))),
                    400, "single unnamed vector");
            error(a.delete("/collections/named/vectors/nope"), 404, "Not existing vector name");
            JsonNode vectors = new QdrantApi(a).info("named").at("/config/params/vectors");
            assertEquals(List.of("dense"), fieldNames(vectors), "nothing was added");
            assertTrue(new QdrantApi(a).info("single").at("/config/params/vectors").has("size"));
        }
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
