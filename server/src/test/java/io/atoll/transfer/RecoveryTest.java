package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.replicas;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.atoll.chaos.fault.FsyncErrors;
import io.atoll.chaos.net.Shell;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: a replica whose node was down while writes went on is recovered by itself once the node is back: from the
 * log when the primary still holds what it missed (only the missing operations are sent), by a full copy when it
 * does not. Afterwards every replica agrees and consistency=all reads work again.
 */
class RecoveryTest {
    /** Operations a killed follower misses, 10 points each. */
    private static final int MISSED = 500;
    // a failed test keeps its nodes' storage and logs, to read what happened
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    static long metric(RestClient node, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)$").matcher(node.get("/metrics").raw());
        assertTrue(m.find(), name + " in /metrics");
        return (long) Double.parseDouble(m.group(1));
    }

    /** Writes {@code ops} upserts of 10 points each, 4 at a time, through {@code via}; fails unless all are acked. */
    private static void write(RestClient via, long firstId, int ops) throws InterruptedException {
        write(via, firstId, ops, 0);
    }

    /** The same, each point carrying {@code padBytes} of payload besides its id. */
    private static void write(RestClient via, long firstId, int ops, int padBytes) throws InterruptedException {
        String pad = "x".repeat(padBytes);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int op = next.getAndIncrement(); op < ops; op = next.getAndIncrement()) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int k = 0; k < 10; k++) {
                        long id = firstId + op * 10L + k;
                        batch.add(padBytes == 0 ? Workload.point(id) : Map.of("id", id, "vector",
                                List.of(id % 100, 1), "payload", Map.of("v", id, "pad", pad)));
                    }
                    RestClient.Response r = via.put("/collections/c/points?wait=true", Map.of("points", batch));
                    if (r.status() != 200) {
                        failed.add(r.toString());
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failed.isEmpty(), failed.size() + " writes failed: " + failed.stream().limit(3).toList());
    }

    private static long followerOf(TestCluster cluster, RestClient via) {
        Map<Long, String> r = replicas(via, 0);
        long primary = Long.parseLong(r.get(0L));
        return r.keySet().stream().filter(p -> p != 0 && p != primary).findFirst().orElseThrow();
    }

    /**
     * A follower of shard 0 that was killed, the node to ask, and the nodes that stayed up. The counters are summed
     * over those: under load the primary can move to the other survivor during the outage, and then that node sends
     * part of what was missed.
     */
    private record Outage(int downIndex, long down, RestClient via, List<RestClient> survivors) {
        long sum(String metric) {
            return survivors.stream().mapToLong(n -> metric(n, metric)).sum();
        }
    }

    /**
     * Collection c with a replica on each of the three nodes and 1,000 points; a follower is killed and misses
     * {@value #MISSED} operations (10 points each, each with {@code padBytes} of payload).
     */
    private static Outage followerMissesWrites(TestCluster cluster, int padBytes) throws InterruptedException {
        RestClient c0 = cluster.node(0).client();
        assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1, "replication_factor", 3)).status());
        write(c0, 1, 100);
        long down = followerOf(cluster, c0);
        int downIndex = indexOf(cluster, down);
        RestClient via = cluster.node((downIndex + 1) % 3).client();
        Outage o = new Outage(downIndex, down, via, List.of(0, 1, 2).stream().filter(i -> i != downIndex)
                .map(i -> cluster.node(i).client()).toList());
        cluster.kill9(downIndex);
        cluster.await(SETTLE, "the lost replica is Dead", () -> "Dead".equals(replicas(via, 0).get(down)));
        write(via, 100_000, MISSED, padBytes);
        return o;
    }

    private static void restartAndAwaitActive(TestCluster cluster, Outage o) throws Exception {
        cluster.restart(o.downIndex());
        cluster.await(SETTLE, "the replica is Active again", () -> "Active".equals(replicas(o.via(), 0).get(o.down()))
                && ShardTransferTest.transfers(o.via()).isEmpty());
    }

    @Test
    void aReplicaBackFromAnOutageGetsOnlyTheOperationsItMissed() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            Outage o = followerMissesWrites(cluster, 0);
            long recordsBefore = o.sum("atoll_replication_records_sent_total");
            long copiedBefore = o.sum("atoll_transfer_points_copied_total");
            restartAndAwaitActive(cluster, o);
            // Counted where they arrive: a call that timed out after the replica applied it is not counted as sent.
            long appended = metric(cluster.node(o.downIndex()).client(), "atoll_replication_records_appended_total");
            assertTrue(appended >= MISSED && appended < MISSED + 100, "the replica appended " + appended
                    + " records for " + MISSED + " missed ones");
            assertTrue(o.sum("atoll_replication_records_sent_total") - recordsBefore >= 1, "the log was streamed");
            assertEquals(copiedBefore, o.sum("atoll_transfer_points_copied_total"),
                    "nothing was copied: the log had it all");
            assertReplicasAgree(cluster, o.via());
            RestClient.Response all = o.via().post("/collections/c/points/count?consistency=all",
                    Map.of("exact", true));
            assertEquals(200, all.status(), all.toString());
            assertEquals(1_000 + MISSED * 10, all.result().get("count").asLong());
        }
    }

    /**
     * With a log kept for no time, what the replica missed is gone from it: it is recovered by a full copy, a
     * snapshot of the index (no point copied one by one).
     */
    @Test
    void aReplicaTheLogCannotServeIsCopiedInFull() throws Exception {
        try (TestCluster cluster = start(dir, 3, "storage:\n  wal_segment_mb: 1\n  wal_retain_segments: 0\n"
                + "  wal_retention_max_age_sec: 0\n  flush_interval_sec: 1\n")) {
            Outage o = followerMissesWrites(cluster, 600); // about 3 MB of log: several 1 MB segments
            Thread.sleep(3000); // a flush or two trims the log
            long copiedBefore = o.sum("atoll_transfer_points_copied_total");
            long shippedBefore = o.sum("atoll_transfer_snapshot_bytes_sent_total");
            restartAndAwaitActive(cluster, o);
            assertEquals(copiedBefore, o.sum("atoll_transfer_points_copied_total"));
            long shipped = o.sum("atoll_transfer_snapshot_bytes_sent_total") - shippedBefore;
            assertTrue(shipped > 100_000, "the index was shipped: " + shipped + " bytes");
            assertReplicasAgree(cluster, o.via());
        }
    }

    /**
     * A primary whose fsync fails (strace answers every fsync of its process with EIO) stops acknowledging writes
     * and steps down: its replica is marked Dead (then kept in recovery, which cannot finish while its fsyncs
     * fail), another replica leads and writes go on. Once its storage is
     * healthy again (strace gone, the node restarted) it is recovered like any Dead replica. In the long profile
     * (the chaos runner's disks and mixed scenarios fail fsyncs too).
     */
    @Test
    @Tag("long")
    void aPrimaryWhoseFsyncFailsStepsDownAndIsRecoveredOnceItIsHealthy() throws Exception {
        assumeTrue(Shell.works("strace", "-qq", "-o", "/dev/null", "true"), "needs strace with ptrace");
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 1, "replication_factor", 3)).status());
            write(c0, 1, 100);
            long primary = Long.parseLong(replicas(c0, 0).get(0L));
            int failing = indexOf(cluster, primary);
            RestClient via = cluster.node((failing + 1) % 3).client();
            Process strace = FsyncErrors.attach(cluster.node(failing).pid());
            try {
                AtomicLong next = new AtomicLong(50_000);
                // Out of the in-sync set: Dead, or (once its node answers again) in a recovery that cannot finish
                // while its fsyncs fail.
                cluster.await(SETTLE, "the primary whose fsync fails is out of sync and another leads", () -> {
                    long id = next.getAndIncrement();
                    via.put("/collections/c/points?wait=true", Map.of("points", List.of(Workload.point(id))));
                    Map<Long, String> r = replicas(via, 0);
                    return !"Active".equals(r.get(primary)) && r.get(0L) != null
                            && Long.parseLong(r.get(0L)) != primary;
                });
                write(via, 100_000, 200); // every write acknowledged without the failing node
            } finally {
                FsyncErrors.detach(strace);
            }
            cluster.kill9(failing);
            cluster.restart(failing);
            cluster.await(SETTLE, "the replica is Active again", () -> "Active".equals(replicas(via, 0).get(primary))
                    && ShardTransferTest.transfers(via).isEmpty());
            assertReplicasAgree(cluster, via);
            RestClient.Response all = via.post("/collections/c/points/count?consistency=all", Map.of("exact", true));
            assertEquals(200, all.status(), all.toString());
            assertTrue(all.result().get("count").asLong() >= 3_000, all.toString());
        }
    }
}
