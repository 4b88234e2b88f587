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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: a transfer whose source, target or both are killed mid-way resumes from its last checkpoint once they are
 * back (or under the next primary), sending less than the whole shard again, while writers go on; nothing
 * acknowledged is lost and the replicas agree. Transfers are slowed by the run-time rate limit so that a kill
 * lands in the middle.
 */
class TransferResumeTest {
    private static final int POINTS = 20_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static long copiedEverywhere(TestCluster cluster) {
        long sum = 0;
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.node(i).isAlive()) {
                sum += metric(cluster.node(i).client(), "atoll_transfer_points_copied_total");
            }
        }
        return sum;
    }

    private static void throttle(TestCluster cluster, long bytesPerSecond) {
        for (int i = 0; i < cluster.size(); i++) {
            RestClient.Response r = cluster.node(i).client().put("/cluster/transfer_rate_limit",
                    Map.of("bytes_per_sec", bytesPerSecond));
            assertEquals(200, r.status(), r.toString());
        }
    }

    /** Copies shard 0 from its primary to {@code target}, and waits until it has copied a quarter of the points. */
    private static void copyUntilAQuarter(TestCluster cluster, RestClient via, long target) {
        long primary = Long.parseLong(replicas(via, 0).get(0L));
        RestClient.Response r = via.post("/collections/c/cluster", Map.of("replicate_shard", Map.of("shard_id", 0,
                "from_peer_id", primary, "to_peer_id", target, "method", "stream_records")));
        assertEquals(200, r.status(), r.toString());
        cluster.await(SETTLE, "a quarter is copied", () -> {
            JsonNode t = transfers(via);
            return t.size() == 1 && t.get(0).get("points_done").asLong() >= POINTS / 4;
        });
    }

    /** Waits until no transfer runs and the target is Active. */
    private static void awaitDone(TestCluster cluster, RestClient via, long target) {
        cluster.await(SETTLE, "the transfer finished", () -> transfers(via).isEmpty()
                && "Active".equals(replicas(via, 0).get(target)));
    }

    /** Waits until no transfer runs and every replica is Active (the Dead ones recovered). */
    private static void awaitAllActive(TestCluster cluster, RestClient via) {
        cluster.await(SETTLE, "every replica is Active", () -> transfers(via).isEmpty()
                && replicas(via, 0).entrySet().stream().filter(e -> e.getKey() != 0)
                .allMatch(e -> e.getValue().equals("Active")));
    }

    /** The source's death alone in the default run; the target's and both at once as well in the long profile. */
    @Test
    void aTransferResumesAfterItsSourceIsKilled() throws Exception {
        resume(false);
    }

    @Test
    @Tag("long")
    void aTransferResumesAfterItsSourceItsTargetOrBothAreKilled() throws Exception {
        resume(true);
    }

    private void resume(boolean targetAndBoth) throws Exception {
        // The test drops and copies replicas by hand: the cluster must not keep the factor or rebalance meanwhile.
        try (TestCluster cluster = start(dir, 3, "  keep_replication_factor: false\n  rebalance: false\n")) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 1, "replication_factor", 2)).status());
            loadPoints(c0, 1_000_000, 1_000_000 + POINTS);
            throttle(cluster, 150_000);
            long free = List.of(0, 1, 2).stream().map(cluster::peerId)
                    .filter(p -> !replicas(c0, 0).containsKey(p)).findFirst().orElseThrow();
            int freeIndex = indexOf(cluster, free);
            try (Workload writers = new Workload(cluster, 2, 1)) {
                int primaryIndex = sourceDies(cluster, free, freeIndex);
                RestClient checker = cluster.node(primaryIndex).client();
                if (targetAndBoth) {
                    targetDies(cluster, checker, free, freeIndex);
                    checker = bothDie(cluster, checker, free, freeIndex);
                }
                awaitAllActive(cluster, checker);
                writers.close();
                throttle(cluster, 0);
                writers.assertNothingLost(checker);
            }
            assertReplicasAgree(cluster, c0);
        }
    }

    /** The source: the primary dies, the other replica takes over and resumes the copy. Returns its node. */
    private static int sourceDies(TestCluster cluster, long free, int freeIndex) throws Exception {
        RestClient via = cluster.node(freeIndex).client();
        long primary = Long.parseLong(replicas(via, 0).get(0L));
        int primaryIndex = indexOf(cluster, primary);
        copyUntilAQuarter(cluster, via, free);
        cluster.kill9(primaryIndex);
        long before = copiedEverywhere(cluster);
        cluster.await(SETTLE, "another primary", () -> !replicas(via, 0).get(0L).equals(Long.toString(primary)));
        awaitDone(cluster, via, free);
        long resent = copiedEverywhere(cluster) - before;
        assertTrue(resent < POINTS, "after the source died, " + resent + " of " + POINTS + " points were sent");
        cluster.restart(primaryIndex);
        awaitAllActive(cluster, via);
        return primaryIndex;
    }

    /** The target: it is killed and comes back; the copy goes on where it was. */
    private static void targetDies(TestCluster cluster, RestClient keeper, long free, int freeIndex) throws Exception {
        drop(cluster, keeper, free);
        copyUntilAQuarter(cluster, keeper, free);
        long copiedBeforeKill = copiedEverywhere(cluster);
        cluster.kill9(freeIndex);
        cluster.restart(freeIndex);
        awaitDone(cluster, keeper, free);
        long total = copiedEverywhere(cluster) - copiedBeforeKill;
        assertTrue(total < POINTS, "after the target died, " + total + " of " + POINTS + " points were sent");
    }

    /**
     * Both: the source and the target die together and come back; the copy resumes from its checkpoint. Returns a
     * client of the node that stayed up.
     */
    private static RestClient bothDie(TestCluster cluster, RestClient keeper, long free, int freeIndex)
            throws Exception {
        drop(cluster, keeper, free);
        copyUntilAQuarter(cluster, keeper, free);
        long source = Long.parseLong(replicas(keeper, 0).get(0L));
        int sourceIndex = indexOf(cluster, source);
        cluster.kill9(sourceIndex);
        cluster.kill9(freeIndex);
        cluster.restart(sourceIndex);
        cluster.restart(freeIndex);
        // The killed primary's own replica may come back by a full copy (a tail it wrote but never had
        // acknowledged makes its log diverge), so copied points cannot tell a resume here: the transfer's
        // checkpoint can, as it never goes back below the quarter the copy had reached.
        RestClient third = cluster.node(3 - sourceIndex - freeIndex).client();
        long[] lowest = {Long.MAX_VALUE};
        cluster.await(SETTLE, "the transfer finished", () -> {
            JsonNode t = transfers(third);
            t.forEach(x -> {
                if (x.get("to").asLong() == free) {
                    lowest[0] = Math.min(lowest[0], x.get("points_done").asLong());
                }
            });
            return t.findValues("to").stream().noneMatch(to -> to.asLong() == free)
                    && "Active".equals(replicas(third, 0).get(free));
        });
        assertTrue(lowest[0] >= POINTS / 4, "after both died, the copy went back to " + lowest[0] + " points done");
        return third;
    }

    private static void drop(TestCluster cluster, RestClient via, long peer) {
        RestClient.Response drop = via.post("/collections/c/cluster", Map.of("drop_replica",
                Map.of("shard_id", 0, "peer_id", peer)));
        assertEquals(200, drop.status(), drop.toString());
        cluster.await(SETTLE, "the replica is dropped", () -> !replicas(via, 0).containsKey(peer));
    }
}
