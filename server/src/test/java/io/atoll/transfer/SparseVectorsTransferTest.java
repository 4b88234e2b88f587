package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.replicas;
import static io.atoll.transfer.ShardTransferTest.transfers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: sparse vectors and multivectors go wherever a shard goes, between real Atoll processes: moved point by point
 * (stream_records), as index files (snapshot) and split by resharding, every value read back bit for bit.
 */
class SparseVectorsTransferTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static Map<String, Object> vectors(long id) {
        return Map.of("d", List.of(1.0 + id % 3, 0.5),
                "s", Map.of("indices", List.of(id % 50, 1000 + id, 4_294_967_295L),
                        "values", List.of(0.25 * id, 1.0, -2.0)),
                "m", List.of(List.of(1.0 * id, 2.0), List.of(3.0, 0.125 * id)));
    }

    /** Every point's vectors as the API shows them, read through {@code via}. */
    private static Map<Long, JsonNode> readAll(RestClient via) {
        Map<Long, JsonNode> out = new HashMap<>();
        RestClient.Response r = via.post("/collections/c/points/scroll", Map.of("limit", 1000, "with_vector", true,
                "with_payload", false));
        assertEquals(200, r.status(), r.toString());
        JsonNode points = r.result().get("points");
        points.forEach(p -> out.put(p.get("id").asLong(), p.get("vector")));
        return out;
    }

    private static void assertAllThere(TestCluster cluster, Map<Long, JsonNode> expected, String when) {
        for (int i = 0; i < cluster.size(); i++) {
            assertEquals(expected, readAll(cluster.node(i).client()), when + ", read through node " + i);
        }
    }

    private static void move(TestCluster cluster, RestClient c0, String method) {
        long from = Long.parseLong(replicas(c0, 0).get(0L));
        long to = cluster.peerId(0) == from ? cluster.peerId(1) : cluster.peerId(0);
        RestClient.Response r = c0.post("/collections/c/cluster", Map.of("move_shard", Map.of("shard_id", 0,
                "from_peer_id", from, "to_peer_id", to, "method", method)));
        assertEquals(200, r.status(), r.toString());
        cluster.await(SETTLE, method + " move finished", () -> transfers(c0).isEmpty()
                && "Active".equals(replicas(c0, 0).get(to)) && !replicas(c0, 0).containsKey(from));
    }

    @Test
    void sparseAndMultiVectorsTravelWithTheirShard() throws Exception {
        // no management moving replicas under the test, and failure detection roomy enough for a loaded machine:
        // with one replica and nothing to retry a move, a replica declared dead would fail the test
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, "cluster:\n  dead_after_ms: 10000\n  replication_timeout_ms: 5000\n"
                + "  keep_replication_factor: false\n  rebalance: false\n");
        try (TestCluster cluster = TestCluster.start(dir, 2, "--config", config.toString())) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", RestClient.parse("""
                    {"vectors": {"d": {"size": 2, "distance": "Dot"},
                                 "m": {"size": 2, "distance": "Dot", "multivector_config": {"comparator": "max_sim"}}},
                     "sparse_vectors": {"s": {}}, "shard_number": 1}""")).status());
            List<Map<String, Object>> points = new ArrayList<>();
            for (long id = 1; id <= 300; id++) {
                points.add(Map.of("id", id, "vector", vectors(id)));
            }
            assertEquals(200, c0.put("/collections/c/points?wait=true", Map.of("points", points)).status());
            // what was written, as the API shows it (every value exact in binary: Dot renormalizes nothing)
            Map<Long, JsonNode> expected = new HashMap<>();
            for (long id = 1; id <= 300; id++) {
                expected.put(id, RestClient.parse(RestClient.JSON.writeValueAsString(vectors(id))));
            }
            assertAllThere(cluster, expected, "as written");

            move(cluster, c0, "stream_records");
            assertAllThere(cluster, expected, "after a stream_records move");
            move(cluster, c0, "snapshot");
            assertAllThere(cluster, expected, "after a snapshot move");
            RestClient.Response up = c0.post("/collections/c/cluster", Map.of("start_resharding",
                    Map.of("direction", "up")));
            assertEquals(200, up.status(), up.toString());
            cluster.await(SETTLE, "resharding up finished", () -> {
                JsonNode state = c0.get("/collections/c/cluster").result();
                return state.path("resharding_operations").isEmpty() && state.get("shard_count").asInt() == 2;
            });
            assertAllThere(cluster, expected, "after resharding up");
        }
    }
}
