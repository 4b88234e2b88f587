package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3, issue 14: a node joins under writes and the rebalancer spreads the replicas and primaries evenly again, with
 * the fewest moves; switched off at run time it only plans; a replica a user moved stays where the user put it,
 * and the rebalancer evens out around it. Explain says why each replica is where it is. No client write fails,
 * nothing acknowledged is lost, and the replicas agree.
 */
class RebalanceTest {
    @TempDir
    Path dir;

    private static List<Long> peers(TestCluster cluster) {
        return IntStream.range(0, cluster.size()).mapToObj(cluster::peerId).toList();
    }

    private static boolean balanced(TestCluster cluster, RestClient via) {
        Layout l = Layout.of(via, "c");
        return l.allActive(2) && Layout.withinOne(l.perPeer(peers(cluster)))
                && Layout.withinOne(l.primariesPerPeer(peers(cluster)))
                && via.get("/cluster/rebalance").result().get("waiting_for").isNull()
                && via.get("/cluster/rebalance").result().get("plan").isEmpty();
    }

    /** The operations the cluster started for {@code origin}, from the metadata image. */
    private static long operationsBy(RestClient via, String origin) {
        JsonNode ops = via.get("/cluster/metadata").result().get("image").get("operations");
        long n = 0;
        for (JsonNode op : ops) {
            n += op.get("origin").asText().equals(origin) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aJoiningNodeGetsItsShareWithTheFewestMovesAndAUsersMoveIsLeftAlone() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient via = cluster.node(0).client();
            assertEquals(200, via.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 6, "replication_factor", 2)).status());
            loadPoints(via, 1, 3001);
            RestClient.Response off = via.put("/cluster/rebalance", Map.of("enabled", false));
            assertEquals(200, off.status(), off.toString());
            assertEquals("runtime", off.result().get("source").asText());
            try (Workload w = new Workload(cluster, 3, 1_000_000)) {
                int added = cluster.addNode();
                long newPeer = cluster.peerId(added);
                // Off: it plans the minimum (12 replicas on 4 nodes: 3 each, so 3 moves to the new node) and waits.
                cluster.await(SETTLE, "the plan counts the new node", () -> via.get("/cluster/rebalance").result()
                        .get("plan").size() == 3);
                JsonNode status = via.get("/cluster/rebalance").result();
                assertFalse(status.get("enabled").asBoolean());
                assertEquals("it is switched off", status.get("waiting_for").asText());
                status.get("plan").forEach(m -> assertTrue(m.asText().endsWith("to peer " + newPeer)
                        || m.asText().endsWith("to peer " + newPeer + " (primary)"), m.asText()));
                // An absence has no condition to wait for: six controller rounds pass, in which nothing may move.
                Thread.sleep(3000);
                assertEquals(0, Layout.of(via, "c").perPeer(peers(cluster)).get(newPeer), "moved while switched off");

                assertEquals(200, via.put("/cluster/rebalance", Map.of("enabled", true)).status());
                cluster.await(SETTLE, "replicas and primaries within one per node", () -> balanced(cluster, via));
                assertEquals(3, operationsBy(via, "REBALANCE"), "the rebalancer's moves");

                // A user moves a replica onto the new node: it is pinned, and the rebalancer evens out around it.
                Layout before = Layout.of(via, "c");
                int shard = before.states().entrySet().stream().filter(e -> !e.getValue().containsKey(newPeer))
                        .findFirst().orElseThrow().getKey();
                long from = before.states().get(shard).keySet().iterator().next();
                RestClient.Response move = via.post("/collections/c/cluster", Map.of("move_shard", Map.of(
                        "shard_id", shard, "from_peer_id", from, "to_peer_id", newPeer, "method", "snapshot")));
                assertEquals(200, move.status(), move.toString());
                cluster.await(SETTLE, "the user's move is done and the cluster balanced again",
                        () -> Layout.of(via, "c").states().get(shard).containsKey(newPeer) && balanced(cluster, via));
                assertTrue(Layout.of(via, "c").states().get(shard).containsKey(newPeer), "the pinned replica moved");
                JsonNode explained = via.get("/collections/c/cluster/explain?shard=" + shard).result();
                JsonNode pinned = null;
                for (JsonNode r : explained.get("replicas")) {
                    if (r.get("peer_id").asLong() == newPeer) {
                        pinned = r;
                    }
                }
                assertTrue(pinned != null && pinned.get("pinned").asBoolean() && pinned.get("stays").asBoolean()
                        && pinned.get("outlook").asText().contains("pinned"), explained.toPrettyString());
                assertEquals("user", pinned.get("placed_by").asText());
                assertTrue(pinned.get("deciders").toString().contains("\"rule\":\"pinned\",\"yes\":false"),
                        pinned.toString());
                for (JsonNode n : explained.get("nodes")) {
                    assertEquals(5, n.get("deciders").size(), n.toString());
                }

                w.close();
                assertTrue(w.failures.isEmpty(), w.failures.size() + " client writes failed: "
                        + w.failures.stream().limit(3).toList());
                w.assertNothingLost(via);
            }
            assertReplicasAgree(cluster, via);
        }
    }
}
