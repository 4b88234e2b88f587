package io.atoll.transfer;

import static io.atoll.transfer.RecoveryTest.metric;
import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.replicas;
import static io.atoll.transfer.ShardTransferTest.start;
import static io.atoll.transfer.ShardTransferTest.transfers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: the snapshot method between real Atoll processes, driven through Qdrant's cluster API: moves and copies
 * ship the index's files (no point is copied one by one) while writers go on, and a transfer whose target is
 * killed part-way sends on from the files it already has.
 */
class SnapshotTransferTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static long sumOf(TestCluster cluster, String metric) {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i).isAlive()) {
                sum += metric(cluster.node(i).client(), metric);
            }
        }
        return sum;
    }

    private static long freePeer(TestCluster cluster, RestClient via) {
        Map<Long, String> r = replicas(via, 0);
        for (int i = 0; i < cluster.size(); i++) {
            if (!r.containsKey(cluster.peerId(i))) {
                return cluster.peerId(i);
            }
        }
        throw new IllegalStateException("every node holds a replica: " + r);
    }

    @Test
    void movesAndCopiesShipTheIndexWhileWritersGoOn() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            // No method: a user's transfer ships a snapshot, as in Qdrant.
            ShardTransferTest.moveAndCopyBack(cluster, null, "snapshot");
            assertTrue(sumOf(cluster, "atoll_transfer_snapshot_bytes_sent_total") > 0, "snapshot files were sent");
            assertEquals(0, sumOf(cluster, "atoll_transfer_points_copied_total"),
                    "no point was copied one by one: the index was shipped");
        }
    }

    @Test
    void aSnapshotTransferSendsOnFromTheFilesItsTargetHasAfterTheTargetIsKilled() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 1, "replication_factor", 2)).status());
            loadPoints(c0, 1_000_000, 1_020_000);
            long primary = Long.parseLong(replicas(c0, 0).get(0L));
            long free = freePeer(cluster, c0);
            int freeIndex = indexOf(cluster, free);
            RestClient keeper = cluster.node(indexOf(cluster, primary)).client();
            for (int i = 0; i < cluster.size(); i++) {
                assertEquals(200, cluster.node(i).client().put("/cluster/transfer_rate_limit",
                        Map.of("bytes_per_sec", 100_000)).status());
            }
            try (Workload writers = new Workload(cluster, 2, 1)) {
                RestClient.Response copy = keeper.post("/collections/c/cluster", Map.of("replicate_shard", Map.of(
                        "shard_id", 0, "from_peer_id", primary, "to_peer_id", free, "method", "snapshot")));
                assertEquals(200, copy.status(), copy.toString());
                Map<String, Long> seen = new HashMap<>();
                cluster.await(SETTLE, "a third of the snapshot is sent", () -> {
                    JsonNode t = transfers(keeper);
                    if (t.size() != 1 || !t.get(0).has("bytes_total")) {
                        return false;
                    }
                    seen.put("total", t.get(0).get("bytes_total").asLong());
                    return t.get(0).get("bytes_done").asLong() * 3 >= t.get(0).get("bytes_total").asLong();
                });
                JsonNode running = transfers(keeper).get(0);
                assertTrue(running.get("comment").asText().contains("Transferring snapshot"), running.toString());
                assertTrue(running.get("bytes_per_sec").asDouble() > 0 && running.get("eta_sec").isNumber(),
                        "a snapshot's rate and ETA are in bytes: " + running);
                cluster.kill9(freeIndex);
                long sentBefore = sumOf(cluster, "atoll_transfer_snapshot_bytes_sent_total");
                cluster.restart(freeIndex);
                cluster.await(SETTLE, "the copy finished", () -> transfers(keeper).isEmpty()
                        && "Active".equals(replicas(keeper, 0).get(free)));
                long resent = sumOf(cluster, "atoll_transfer_snapshot_bytes_sent_total") - sentBefore;
                assertTrue(resent < seen.get("total"), "after the target died, " + resent + " of "
                        + seen.get("total") + " snapshot bytes were sent");
                writers.close();
                for (int i = 0; i < cluster.size(); i++) {
                    cluster.node(i).client().put("/cluster/transfer_rate_limit", Map.of("bytes_per_sec", 0));
                }
                writers.assertNothingLost(keeper);
            }
            assertReplicasAgree(cluster, keeper);
        }
    }
}
