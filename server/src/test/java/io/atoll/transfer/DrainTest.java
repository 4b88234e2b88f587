package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3, issue 14: a drain that cannot go on stops with its reason and continues when asked again; a drain can be
 * cancelled. (A drain that empties a node under writes, which then leaves without force, is the Kubernetes
 * scale-in sequence of {@link KubernetesScaleInTest}.)
 */
class DrainTest {
    @TempDir
    Path dir;

    private static JsonNode drain(RestClient via, long peer) {
        return via.get("/cluster/peer/" + peer + "/drain").result();
    }

    @Test
    void aDrainThatCannotGoOnStopsWithItsReasonContinuesWhenAskedAgainAndCanBeCancelled() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient via = cluster.node(0).client();
            assertEquals(200, via.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 1, "replication_factor", 2)).status());
            loadPoints(via, 1, 2001);
            Layout l = Layout.of(via, "c");
            long spare = java.util.stream.IntStream.range(0, 3).mapToLong(cluster::peerId)
                    .filter(p -> !l.states().get(0).containsKey(p)).findFirst().orElseThrow();
            long drained = l.states().get(0).keySet().iterator().next();
            int spareIndex = indexOf(cluster, spare);
            RestClient asked = cluster.node(indexOf(cluster, drained)).client();
            cluster.kill9(spareIndex);
            cluster.await(SETTLE, "the spare node is seen down", () -> {
                for (JsonNode n : asked.get("/collections/c/cluster/explain?shard=0").result().get("nodes")) {
                    if (n.get("peer_id").asLong() == spare) {
                        return !n.get("deciders").get(1).get("yes").asBoolean();
                    }
                }
                return false;
            });
            RestClient.Response started = asked.post("/cluster/peer/" + drained + "/drain", null);
            assertEquals(200, started.status(), started.toString());
            try {
                cluster.await(SETTLE, "the drain stops", () -> drain(asked, drained).get("state").asText()
                        .equals("stopped"));
            } catch (AssertionError e) {
                throw new AssertionError(drain(asked, drained) + "\n" + asked.get("/collections/c/cluster/explain?shard=0")
                        .raw() + "\n" + asked.get("/cluster/rebalance").raw(), e);
            }
            String reason = drain(asked, drained).get("reason").asText();
            assertTrue(reason.contains("no node can take the replica of shard c/0") && reason.contains("peer " + spare
                    + ": it does not answer"), reason);
            JsonNode explained = asked.get("/collections/c/cluster/explain?shard=0").result();
            assertTrue(explained.toString().contains("the drain stopped"), explained.toPrettyString());
            assertTrue(Layout.of(asked, "c").allActive(2), "the shard kept both replicas");

            cluster.restart(spareIndex);
            cluster.await(SETTLE, "the spare node answers", () -> asked.post("/cluster/peer/" + drained + "/drain", null)
                    .result().get("state").asText().equals("draining"));
            cluster.await(SETTLE, "the drain is done", () -> drain(asked, drained).get("state").asText().equals("done"));
            assertTrue(Layout.of(asked, "c").states().get(0).containsKey(spare));

            // The drained node stays out of placement until its drain is cancelled (or it is removed).
            assertEquals("not_draining", asked.delete("/cluster/peer/" + drained + "/drain").result().get("state")
                    .asText());
            // Cancelled: nothing more moves, the shard keeps its replicas, and the node may be drained again later.
            long next = Layout.of(asked, "c").states().get(0).keySet().stream().findFirst().orElseThrow();
            assertEquals(200, asked.post("/cluster/peer/" + next + "/drain", null).status());
            RestClient.Response cancelled = asked.delete("/cluster/peer/" + next + "/drain");
            assertEquals(200, cancelled.status(), cancelled.toString());
            assertEquals("not_draining", cancelled.result().get("state").asText());
            cluster.await(SETTLE, "the shard settles with two Active replicas", () -> Layout.of(asked, "c").allActive(2)
                    && drain(asked, next).get("operations").isEmpty());
            assertEquals("not_draining", asked.delete("/cluster/peer/" + next + "/drain").result().get("state").asText());
            RestClient.Response count = asked.post("/collections/c/points/count?consistency=all", Map.of("exact", true));
            assertEquals(2000, count.result().get("count").asLong(), count.toString());
        }
    }
}
