package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.RestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single node is a cluster of one, and answers Qdrant's cluster endpoints as such. */
class ClusterApiSingleNodeTest {
    @TempDir
    Path dir;

    @Test
    void clusterEndpointsDescribeAClusterOfOne() throws Exception {
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            RestClient c = node.client();
            JsonNode cluster = c.get("/cluster").result();
            assertEquals("enabled", cluster.get("status").asText());
            long self = cluster.get("peer_id").asLong();
            assertTrue(self > 0);
            assertEquals(1, cluster.get("peers").size());
            assertEquals(self, cluster.get("raft_info").get("leader").asLong());
            assertEquals("Leader", cluster.get("raft_info").get("role").asText());
            JsonNode consensus = cluster.get("consensus_thread_status");
            assertEquals("working", consensus.get("consensus_thread_status").asText());
            // Qdrant's shape: the time the consensus last moved, as an RFC 3339 date-time
            java.time.Instant lastUpdate = java.time.Instant.parse(consensus.get("last_update").asText());
            assertTrue(!lastUpdate.isAfter(java.time.Instant.now()), consensus::toString);
            assertEquals(200, c.put("/collections/cl", RestClient.parse("{\"vectors\":{\"size\":2,\"distance\":\"Dot\"},\"shard_number\":3}")).status());
            assertEquals(200, c.put("/collections/cl/points?wait=true", RestClient.parse(
                    "{\"points\":[{\"id\":1,\"vector\":[1,0]},{\"id\":2,\"vector\":[0,1]},{\"id\":3,\"vector\":[1,1]}]}")).status());

            JsonNode info = c.get("/collections/cl/cluster").result();
            assertEquals(3, info.get("shard_count").asInt());
            assertEquals(3, info.get("local_shards").size());
            long points = 0;
            for (int i = 0; i < 3; i++) {
                JsonNode s = info.get("local_shards").get(i);
                assertEquals(i, s.get("shard_id").asInt());
                assertEquals("Active", s.get("state").asText());
                assertTrue(s.get("primary").asBoolean());
                points += s.get("points_count").asLong();
            }
            assertEquals(3, points);
            assertEquals(0, info.get("remote_shards").size());
            assertTrue(info.get("peer_id").asLong() > 0);

            RestClient.Response move = c.post("/collections/cl/cluster", RestClient.parse(
                    "{\"move_shard\":{\"shard_id\":0,\"from_peer_id\":1,\"to_peer_id\":2}}"));
            assertEquals(400, move.status(), move.toString());
            assertTrue(move.error().contains("Peer 1 does not exist"), move.error());
            assertEquals(404, c.delete("/cluster/peer/123").status());
            assertEquals(400, c.delete("/cluster/peer/abc").status());
            assertEquals(400, c.delete("/cluster/peer/" + self + "?force=maybe").status());
            RestClient.Response busy = c.delete("/cluster/peer/" + self);
            assertEquals(400, busy.status(), busy.toString());
            assertEquals(404, c.get("/collections/nope/cluster").status());

            // The run-time transfer rate limit: bad input is a 400 and changes nothing.
            assertEquals(400, c.put("/cluster/transfer_rate_limit", java.util.Map.of()).status());
            assertEquals(400, c.put("/cluster/transfer_rate_limit", java.util.Map.of("bytes_per_sec", "fast")).status());
            assertEquals(400, c.put("/cluster/transfer_rate_limit", java.util.Map.of("bytes_per_sec", -1)).status());
            assertEquals(400, c.put("/cluster/transfer_rate_limit", java.util.Map.of("bytes_per_sec", 1.5)).status());
            assertEquals(400, c.put("/cluster/transfer_rate_limit", java.util.Map.of("bytes_per_sec", 1, "x", 2)).status());
            assertEquals(0, c.get("/cluster/transfer_rate_limit").result().get("bytes_per_sec").asLong());
            assertEquals(200, c.put("/cluster/transfer_rate_limit", java.util.Map.of("bytes_per_sec", 5000)).status());
            assertEquals(5000, c.get("/cluster/transfer_rate_limit").result().get("bytes_per_sec").asLong());
        }
    }
}
