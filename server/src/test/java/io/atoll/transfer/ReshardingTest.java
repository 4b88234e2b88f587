package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: online resharding between real Atoll processes, through Qdrant's cluster API as an operator calls it:
 * driven by Atoll from one call under concurrent writers, and step by step with every read checked at every stage
 * (each point exactly once, exact counts), with Qdrant's refusals at the wrong stage.
 */
class ReshardingTest {
    /**
     * Resharding on its own: the rebalancer would start moving the new shards' replicas as soon as it finishes,
     * and the checks read at consistency all, which a shard being moved cannot answer (see DESIGN-NOTES).
     */
    private static final String ALONE = "  rebalance: false\n";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static JsonNode cluster(RestClient via) {
        return via.get("/collections/c/cluster").result();
    }

    private static JsonNode reshardingOf(RestClient via) {
        JsonNode ops = cluster(via).get("resharding_operations");
        return ops == null || ops.isEmpty() ? null : ops.get(0);
    }

    private static RestClient.Response op(RestClient via, String name, Map<String, Object> args) {
        return via.post("/collections/c/cluster", Map.of(name, args));
    }

    private static void create(RestClient via, int shards) {
        RestClient.Response r = via.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", shards, "replication_factor", 2));
        assertEquals(200, r.status(), r.toString());
    }

    /** Every point by scroll through {@code via}, failing on one seen twice. */
    private static Set<Long> scrollAll(RestClient via) {
        Set<Long> seen = new HashSet<>();
        Object offset = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("limit", 1000, "with_payload", false));
            if (offset != null) {
                body.put("offset", offset);
            }
            JsonNode page = via.post("/collections/c/points/scroll", body).result();
            for (JsonNode p : page.get("points")) {
                assertTrue(seen.add(p.get("id").asLong()), "point " + p.get("id") + " read twice");
            }
            offset = page.get("next_page_offset").isNull() ? null : page.get("next_page_offset").asLong();
        } while (offset != null);
        return seen;
    }

    private static long count(RestClient via) {
        return via.post("/collections/c/points/count", Map.of("exact", true)).result().get("count").asLong();
    }

    /** Reads through every node see exactly {@code expected}: by scroll, count and a search as wide as it. */
    private static void assertReadsExactly(TestCluster cluster, Set<Long> expected, String when) {
        for (int i = 0; i < cluster.size(); i++) {
            RestClient c = cluster.node(i).client();
            Set<Long> got = scrollAll(c);
            Set<Long> missing = new HashSet<>(expected);
            missing.removeAll(got);
            Set<Long> extra = new HashSet<>(got);
            extra.removeAll(expected);
            assertTrue(missing.isEmpty() && extra.isEmpty(), when + ": scroll through node " + i + " misses "
                    + missing.size() + " " + missing.stream().sorted().limit(10).toList() + " and has " + extra.size()
                    + " more " + extra.stream().sorted().limit(10).toList());
            assertEquals(expected.size(), count(c), when + ": count through node " + i);
            assertEquals(expected.size(), c.get("/collections/c").result().get("points_count").asLong(),
                    when + ": points_count in the collection's info through node " + i);
            JsonNode hits = c.post("/collections/c/points/search", Map.of("vector", List.of(1, 1),
                    "limit", expected.size() + 10)).result();
            Set<Long> found = new HashSet<>();
            hits.forEach(h -> assertTrue(found.add(h.get("id").asLong()), when + ": search returned "
                    + h.get("id") + " twice"));
            assertEquals(expected.size(), found.size(), when + ": search through node " + i);
        }
    }

    private static void write(RestClient via, Set<Long> expected, long from, long to) {
        ShardTransferTest.loadPoints(via, from, to);
        for (long id = from; id < to; id++) {
            expected.add(id);
        }
    }

    /**
     * Scales 3 shards up to 4 step by step: at every stage reads through every node return each point once and
     * counts are exact, writes through every node land, and the calls Qdrant refuses at that stage are refused.
     * Then back down to 3 the same way, and an abort of a third resharding leaves the collection as it was.
     */
    @Test
    void stepByStepEveryStageReadsEachPointOnce() throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, ALONE)) {
            RestClient c0 = cluster.node(0).client();
            create(c0, 3);
            Set<Long> expected = new HashSet<>();
            write(c0, expected, 1, 2001);
            assertEquals(400, op(c0, "commit_read_hash_ring", Map.of()).status(), "nothing in progress");

            RestClient.Response start = op(c0, "start_resharding", Map.of("direction", "up", "auto", false));
            assertEquals(200, start.status(), start.toString());
            JsonNode rs = reshardingOf(c0);
            assertEquals("up", rs.get("direction").asText());
            assertEquals(3, rs.get("shard_id").asInt());
            assertEquals("MigratingPoints", rs.get("stage").asText());
            RestClient.Response again = op(c0, "start_resharding", Map.of("direction", "down"));
            assertEquals(400, again.status());
            assertTrue(again.error().contains("is already in progress"), again.toString());
            RestClient.Response early = op(c0, "commit_write_hash_ring", Map.of());
            assertEquals(400, early.status());
            assertTrue(early.error().contains("expected resharding stage ReadHashRingCommitted"), early.toString());
            assertReadsExactly(cluster, expected, "migrating");
            write(cluster.node(1).client(), expected, 2001, 2501);

            cluster.await(SETTLE, "every migration is synced", () -> op(c0, "finish_migrating_points", Map.of())
                    .status() == 200);
            assertEquals(200, op(c0, "commit_read_hash_ring", Map.of()).status());
            assertEquals("ReadHashRingCommitted", reshardingOf(c0).get("stage").asText());
            RestClient.Response late = op(c0, "abort_resharding", Map.of());
            assertEquals(400, late.status());
            assertTrue(late.error().contains("because read hash ring has been committed already"), late.toString());
            assertReadsExactly(cluster, expected, "read ring committed");
            write(cluster.node(2).client(), expected, 2501, 3001);
            assertReadsExactly(cluster, expected, "read ring committed, after writes");

            assertEquals(200, op(c0, "commit_write_hash_ring", Map.of()).status());
            write(cluster.node(1).client(), expected, 3001, 3501);
            assertReadsExactly(cluster, expected, "write ring committed");
            assertEquals(200, op(c0, "finish_resharding", Map.of()).status());
            assertEquals(4, cluster(c0).get("shard_count").asInt());
            assertReadsExactly(cluster, expected, "finished");

            assertEquals(200, op(c0, "start_resharding", Map.of("direction", "down")).status());
            write(c0, expected, 3501, 4001);
            assertReadsExactly(cluster, expected, "scaling down");
            cluster.await(SETTLE, "scale-down finished", () -> reshardingOf(c0) == null);
            assertEquals(3, cluster(c0).get("shard_count").asInt());
            assertReadsExactly(cluster, expected, "scaled down");

            cluster.await(SETTLE, "a new resharding may start (cleanup done)",
                    () -> op(c0, "start_resharding", Map.of("direction", "up", "auto", false)).status() == 200);
            write(c0, expected, 4001, 4201);
            assertEquals(200, op(c0, "abort_resharding", Map.of()).status());
            assertEquals(3, cluster(c0).get("shard_count").asInt());
            assertReadsExactly(cluster, expected, "aborted");
            ShardTransferTest.assertReplicasAgree(cluster, c0);
        }
    }

    /**
     * From one call each, 3 shards go to 4 and back to 3 while writers upsert and delete through every node: no
     * acknowledged write is lost or comes back, reads never return a point twice, and the replicas agree.
     */
    @Test
    void upAndDownFromOneCallUnderWrites() throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, ALONE)) {
            RestClient c0 = cluster.node(0).client();
            create(c0, 3);
            ShardTransferTest.loadPoints(c0, 1_000_000, 1_002_000);
            long firstId = 1;
            for (String direction : List.of("up", "down")) {
                try (Workload writers = new Workload(cluster, 3, firstId)) {
                    cluster.await(SETTLE, "writers have 100 acknowledged writes", () -> writers.acknowledged() >= 100);
                    RestClient.Response r = op(c0, "start_resharding", Map.of("direction", direction));
                    assertEquals(200, r.status(), r.toString());
                    cluster.await(SETTLE, "resharding " + direction + " finished", () -> {
                        scrollAll(cluster.node(2).client());
                        return reshardingOf(c0) == null;
                    });
                    int after = writers.acknowledged();
                    cluster.await(SETTLE, "writes go on", () -> writers.acknowledged() > after + 50);
                    writers.close();
                    writers.assertNothingLost(c0);
                    assertTrue(writers.failures.isEmpty(), writers.failures.size() + " client writes failed: "
                            + writers.failures.stream().limit(5).toList());
                }
                firstId += 100_000;
            }
            assertEquals(3, cluster(c0).get("shard_count").asInt());
            ShardTransferTest.assertReplicasAgree(cluster, c0);
        }
    }

    /** The peer holding the primary of {@code shard}, as {@code via} sees it. */
    private static long primaryOf(RestClient via, int shard) {
        return Long.parseLong(ShardTransferTest.replicas(via, shard).get(0L));
    }

    /**
     * The node holding the primary of a source shard is killed in the middle of a migration while writers go on:
     * another replica takes over (a new source primary copies again), and the resharding finishes with nothing
     * acknowledged lost; the killed node comes back and its replicas agree again.
     */
    @Test
    void thePrimaryOfASourceIsKilledMidMigration() throws Exception {
        killMidMigration(0);
    }

    /** The same with the new shard's primary killed: in the long profile. */
    @Test
    @Tag("long")
    void thePrimaryOfTheNewShardIsKilledMidMigration() throws Exception {
        killMidMigration(3);
    }

    private void killMidMigration(int shard) throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, ALONE)) {
            RestClient c0 = cluster.node(0).client();
            create(c0, 3);
            ShardTransferTest.loadPoints(c0, 1_000_000, 1_003_000);
            try (Workload writers = new Workload(cluster, 3, 1)) {
                cluster.await(SETTLE, "writers have 100 acknowledged writes", () -> writers.acknowledged() >= 100);
                assertEquals(200, op(c0, "start_resharding", Map.of("direction", "up", "auto", false)).status());
                int victim = ShardTransferTest.indexOf(cluster, primaryOf(c0, shard));
                cluster.kill9(victim);
                RestClient via = cluster.node((victim + 1) % 3).client();
                cluster.await(SETTLE, "shard " + shard + " has a primary on a live node",
                        () -> primaryOf(via, shard) != cluster.peerId(victim));
                int before = writers.acknowledged();
                cluster.await(SETTLE, "writes go on", () -> writers.acknowledged() > before + 50);
                cluster.restart(victim);
                cluster.await(SETTLE, "every migration is synced in its source's current term",
                        () -> op(via, "finish_migrating_points", Map.of()).status() == 200);
                for (String step : List.of("commit_read_hash_ring", "commit_write_hash_ring", "finish_resharding")) {
                    cluster.await(SETTLE, step, () -> op(via, step, Map.of()).status() == 200);
                }
                int after = writers.acknowledged();
                cluster.await(SETTLE, "writes go on after the resharding", () -> writers.acknowledged() > after + 50);
                writers.close();
                // The restarted victim's replicas are recovered meanwhile, and a read at `all` needs them in sync.
                cluster.await(SETTLE, "every replica is Active", () -> Layout.of(via, "c").allActive(2));
                writers.assertNothingLost(via);
                assertEquals(4, cluster(via).get("shard_count").asInt());
            }
            ShardTransferTest.assertReplicasAgree(cluster, c0);
        }
    }

    /**
     * A resharding still migrating is aborted by a forced removal of a peer holding replicas of the collection,
     * and goes with a dropped collection; reads stay exact after the abort.
     */
    @Test
    void aForcedPeerRemovalAbortsAndADropTakesTheResharding() throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, ALONE)) {
            RestClient c0 = cluster.node(0).client();
            create(c0, 3);
            Set<Long> expected = new HashSet<>();
            write(c0, expected, 1, 1001);
            assertEquals(200, op(c0, "start_resharding", Map.of("direction", "up", "auto", false, "peer_id",
                    cluster.peerId(2))).status());
            assertEquals(cluster.peerId(2), reshardingOf(c0).get("peer_id").asLong());
            cluster.kill9(2);
            RestClient.Response removed = c0.delete("/cluster/peer/" + cluster.peerId(2) + "?force=true");
            assertEquals(200, removed.status(), removed.toString());
            assertTrue(reshardingOf(c0) == null, "the removal aborted the resharding");
            assertEquals(3, cluster(c0).get("shard_count").asInt());
            cluster.await(SETTLE, "every shard has a primary again", () -> {
                for (int s = 0; s < 3; s++) {
                    if (!ShardTransferTest.replicas(c0, s).containsKey(0L)) {
                        return false;
                    }
                }
                return true;
            });
            assertEquals(expected, scrollAll(c0));
            assertEquals(expected.size(), count(c0));

            assertEquals(200, op(c0, "start_resharding", Map.of("direction", "up", "auto", false)).status());
            assertEquals(200, c0.delete("/collections/c").status());
            create(c0, 2);
            assertTrue(reshardingOf(c0) == null, "a collection created again has no resharding");
            assertEquals(200, op(c0, "start_resharding", Map.of("direction", "up")).status());
            cluster.await(SETTLE, "its own resharding finishes", () -> reshardingOf(c0) == null);
            assertEquals(3, cluster(c0).get("shard_count").asInt());
        }
    }
}
