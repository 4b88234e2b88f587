package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3, issue 14: the cluster keeps every shard at its collection's replication factor by itself. Raised or lowered
 * through {@code PATCH /collections/{c}} under writes, the replicas follow; a node lost for longer than
 * {@code replace_dead_after} has its replicas re-created elsewhere, and the surplus goes when it returns. No
 * acknowledged write is lost, no client write fails, and the replicas agree at the end.
 */
class ReplicationFactorUpkeepTest {
    @TempDir
    Path dir;

    private static void patchFactor(RestClient via, int factor) {
        RestClient.Response r = via.patch("/collections/c", Map.of("params", Map.of("replication_factor", factor)));
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    void replicasFollowTheFactorUpAndDownUnderWrites() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient via = cluster.node(0).client();
            assertEquals(200, via.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 2, "replication_factor", 1)).status());
            loadPoints(via, 1, 2001);
            try (Workload w = new Workload(cluster, 3, 1_000_000)) {
                for (int factor : new int[] {2, 3, 1}) {
                    patchFactor(via, factor);
                    cluster.await(SETTLE, "every shard has " + factor + " Active replicas",
                            () -> Layout.of(via, "c").allActive(factor));
                }
                w.close();
                assertTrue(w.failures.isEmpty(), w.failures.size() + " client writes failed: "
                        + w.failures.stream().limit(3).toList());
                w.assertNothingLost(via);
            }
            assertReplicasAgree(cluster, via);
        }
    }

    @Test
    void aLostNodesReplicasAreReplacedAndTheSurplusGoesWhenItReturns() throws Exception {
        try (TestCluster cluster = start(dir, 3, "  replace_dead_after: 4s\n")) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 3, "replication_factor", 2)).status());
            loadPoints(c0, 1, 2001);
            // The rebalancer would give the returned node replicas again: off, to see which replicas go.
            assertEquals(200, c0.put("/cluster/rebalance", Map.of("enabled", false)).status());
            long lost = Layout.of(c0, "c").states().get(0).keySet().iterator().next();
            int lostIndex = indexOf(cluster, lost);
            RestClient via = cluster.node((lostIndex + 1) % 3).client();
            cluster.kill9(lostIndex);
            cluster.await(SETTLE, "the lost node's replicas are Dead", () -> Layout.of(via, "c").states().values()
                    .stream().allMatch(m -> !m.containsKey(lost) || m.get(lost).equals("Dead")));
            loadPoints(via, 10_000, 11_000);
            cluster.await(SETTLE, "every shard has 2 Active replicas on the nodes that are up",
                    () -> Layout.of(via, "c").states().values().stream().allMatch(m -> m.entrySet().stream()
                            .filter(e -> e.getKey() != lost && e.getValue().equals("Active")).count() == 2));
            cluster.restart(lostIndex);
            cluster.await(SETTLE, "the returned node's surplus replicas are dropped",
                    () -> Layout.of(via, "c").allActive(2)
                            && Layout.of(via, "c").states().values().stream().noneMatch(m -> m.containsKey(lost)));
            ShardTransferTest.assertReplicasAgree(cluster, via);
            RestClient.Response count = via.post("/collections/c/points/count?consistency=all", Map.of("exact", true));
            assertEquals(3000, count.result().get("count").asLong(), count.toString());
        }
    }
}
