package io.atoll.transfer;

import static io.atoll.transfer.ReplicationOperationsApiTest.createCollection;
import static io.atoll.transfer.ReplicationOperationsApiTest.replicate;
import static io.atoll.transfer.ReplicationOperationsApiTest.state;
import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.replicas;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard's only replica moved from node to node while writers go through every node: each move closes the
 * replica the writes were going to, under them. Every acknowledged write survives, and a write that meets the
 * closed replica is either sent on to the new primary (the client sees nothing) or answered 503 saying its outcome
 * is unknown; never a 500 (docs/plans/closed-replicas-and-node-start.md).
 */
class MovesUnderWritesTest {
    private static final int MOVES = 2;

    // a failed test keeps its nodes' storage and logs, to read what happened
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void writesThroughEveryNodeWhileTheOnlyReplicaMovesAreNeverLostNorAnsweredWithA500() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient c = cluster.node(0).client();
            createCollection(c, 1);
            loadPoints(c, 1, 2_001);
            try (Workload writes = new Workload(cluster, 2, 1_000_000)) {
                for (int move = 0; move < MOVES; move++) {
                    long from = Long.parseLong(replicas(c, 0).get(0L));
                    long to = cluster.peerId((indexOfPeer(cluster, from) + 1) % cluster.size());
                    String id = replicate(c, "MOVE", move % 2 == 0 ? "stream_records" : "snapshot", from, to);
                    cluster.await(SETTLE, "move " + id + " is READY", () -> state(c, id).equals("READY"));
                    int acknowledged = writes.acknowledged();
                    cluster.await(SETTLE, "writes go on after move " + move,
                            () -> writes.acknowledged() > acknowledged + 10);
                }
                writes.close();
                System.out.println("MovesUnderWritesTest: " + writes.acknowledged() + " writes acknowledged, "
                        + writes.failures.size() + " failed: " + writes.failures.stream().limit(5).toList());
                List<String> serverErrors = writes.failures.stream().filter(f -> f.contains("status=5")
                        && !(f.contains("status=503") && f.contains("may or may not have been applied")
                        || f.contains("status=503") && !f.contains("closed"))).toList();
                assertTrue(serverErrors.isEmpty(), serverErrors.size() + " writes failed with a server error, e.g. "
                        + serverErrors.stream().limit(3).toList());
                writes.assertNothingLost(c);
            }
            Map<Long, String> after = replicas(c, 0);
            assertTrue(after.size() == 2 && after.containsValue("Active"), "one Active replica and its primary: "
                    + after);
            assertReplicasAgree(cluster, c);
        }
    }

    private static int indexOfPeer(TestCluster cluster, long peer) {
        return ShardTransferTest.indexOf(cluster, peer);
    }
}
