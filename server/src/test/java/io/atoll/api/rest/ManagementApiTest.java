package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * L2, issue 14: the self-management endpoints on one node, and every bad input they can get: drains (a single
 * node's drain stops at once, as no other node can take its replicas), the rebalancer's switch, and explain.
 */
class ManagementApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static long self() {
        return ok(client().get("/cluster")).get("peer_id").asLong();
    }

    @Test
    void drainingTheOnlyNodeStopsWithItsReasonAndIsCancelled() throws InterruptedException {
        String c = AtollServerExtension.collection("drain_only");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        long self = self();
        JsonNode started = ok(client().post("/cluster/peer/" + self + "/drain", null));
        assertEquals(self, started.get("peer_id").asLong());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode status = started;
        while (!status.get("state").asText().equals("stopped") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = ok(client().get("/cluster/peer/" + self + "/drain"));
        }
        assertEquals("stopped", status.get("state").asText(), status.toString());
        assertTrue(status.get("reason").asText().contains("no node can take the replica of shard " + c + "/0"),
                status.toString());
        assertTrue(status.get("replicas_left").asLong() >= 1);
        assertEquals("not_draining", ok(client().delete("/cluster/peer/" + self + "/drain")).get("state").asText());
        assertEquals("not_draining", ok(client().delete("/cluster/peer/" + self + "/drain")).get("state").asText(),
                "cancelling twice is no error");
        assertEquals("not_draining", ok(client().get("/cluster/peer/" + self + "/drain")).get("state").asText());
    }

    @Test
    void drainsOfPeersThatAreNotThereOrNotNumbersAreRefused() {
        for (String bad : List.of("abc", "0", "-5", "1.5", "99999999999999999999")) {
            error(client().post("/cluster/peer/" + bad + "/drain", null), 400, "peer_id");
            error(client().get("/cluster/peer/" + bad + "/drain"), 400, "peer_id");
            error(client().delete("/cluster/peer/" + bad + "/drain"), 400, "peer_id");
        }
        error(client().post("/cluster/peer/12345/drain", null), 404, "Peer 12345 does not exist");
        error(client().get("/cluster/peer/12345/drain"), 404, "Peer 12345 does not exist");
        error(client().delete("/cluster/peer/12345/drain"), 404, "Peer 12345 does not exist");
    }

    @Test
    void theRebalancerIsSwitchedAtRunTimeAndBadSwitchesChangeNothing() {
        JsonNode before = ok(client().get("/cluster/rebalance"));
        assertTrue(before.get("enabled").asBoolean(), "on by default");
        assertEquals("configuration", before.get("source").asText());
        assertTrue(before.get("plan").isArray());
        error(client().put("/cluster/rebalance", Map.of("enabled", "yes")), 400, "`enabled` must be a boolean");
        error(client().put("/cluster/rebalance", Map.of("move_pinned", 1)), 400, "`move_pinned` must be a boolean");
        error(client().put("/cluster/rebalance", Map.of("enabled", true, "speed", 3)), 400, "speed");
        error(client().put("/cluster/rebalance", Map.of()), 422, "enabled");
        error(client().put("/cluster/rebalance", List.of(true)), 400);
        error(client().send("PUT", "/cluster/rebalance", "{\"enabled\": tru"), 400);
        assertEquals(before.get("enabled"), ok(client().get("/cluster/rebalance")).get("enabled"), "unchanged");

        JsonNode off = ok(client().put("/cluster/rebalance", Map.of("enabled", false)));
        assertFalse(off.get("enabled").asBoolean());
        assertEquals("runtime", off.get("source").asText());
        assertEquals("it is switched off", off.get("waiting_for").asText());
        JsonNode pinned = ok(client().put("/cluster/rebalance", Map.of("move_pinned", true)));
        assertFalse(pinned.get("enabled").asBoolean(), "a switch left out stays as it was");
        assertTrue(pinned.get("move_pinned").asBoolean());
        ok(client().put("/cluster/rebalance", Map.of("enabled", true, "move_pinned", false)));
    }

    @Test
    void explainSaysWhyTheReplicaIsHereAndRefusesBadShards() {
        String c = AtollServerExtension.collection("explain");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        JsonNode e = ok(client().get("/collections/" + c + "/cluster/explain?shard=0"));
        assertEquals(1, e.get("replication_factor").asInt());
        JsonNode replica = e.get("replicas").get(0);
        assertEquals(self(), replica.get("peer_id").asLong());
        assertTrue(replica.get("primary").asBoolean() && replica.get("stays").asBoolean(), replica.toString());
        assertEquals("created", replica.get("placed_by").asText());
        JsonNode node = e.get("nodes").get(0);
        assertEquals(List.of("distinct_nodes", "node_live", "not_draining", "capacity", "transfer_limits"),
                node.get("deciders").findValuesAsText("rule"));
        assertEquals(List.of("pinned", "in_sync", "no_operation"), replica.get("deciders").findValuesAsText("rule"));
        assertEquals("it holds a replica of this shard", node.get("planned").asText());
        assertEquals(1, e.get("counts").get("in_sync").asInt());

        error(client().get("/collections/" + c + "/cluster/explain"), 400, "`shard`");
        error(client().get("/collections/" + c + "/cluster/explain?shard=abc"), 400, "`shard` must be a shard id");
        error(client().get("/collections/" + c + "/cluster/explain?shard=99999999999"), 400, "`shard`");
        error(client().get("/collections/" + c + "/cluster/explain?shard=7"), 404, "Shard 7");
        error(client().get("/collections/" + c + "/cluster/explain?shard=-1"), 404, "Shard -1");
        error(client().get("/collections/missing_" + c + "/cluster/explain?shard=0"), 404, "doesn't exist");
    }
}
