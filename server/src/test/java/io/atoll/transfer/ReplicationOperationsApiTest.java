package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.replicas;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weaviate's replica-movement operations through {@code /v1/replication} on real processes: a move passes every
 * state in order to READY under writes and loses none, a cancel while hydrating leaves the source and drops the
 * target, an operation past FINALIZING cannot be cancelled, a replica being moved cannot be moved again, and bad
 * input gets Weaviate's codes and changes nothing.
 */
class ReplicationOperationsApiTest {
    // a failed test keeps its nodes' storage and logs, to read what happened
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** Collection c: one shard, 2-dimensional Dot vectors. */
    static void createCollection(RestClient c, int replicationFactor) {
        assertEquals(200, c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1, "replication_factor", replicationFactor)).status());
    }

    static String replicate(RestClient c, String type, String method, long from, long to) {
        return replicate(c, 0, type, method, from, to);
    }

    static String replicate(RestClient c, int shard, String type, String method, long from, long to) {
        RestClient.Response r = c.post("/v1/replication/replicate", Map.of("collection", "c", "shard", "" + shard,
                "sourceNode", Long.toString(from), "targetNode", Long.toString(to), "type", type, "method", method));
        assertEquals(200, r.status(), r.toString());
        return r.json().get("id").asText();
    }

    static JsonNode operation(RestClient c, String id) {
        RestClient.Response r = c.get("/v1/replication/replicate/" + id + "?includeHistory=true");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    static String state(RestClient c, String id) {
        return operation(c, id).get("status").get("state").asText();
    }

    /** The states an operation has been in, its current one last. */
    static List<String> states(JsonNode op) {
        List<String> out = new ArrayList<>();
        op.get("statusHistory").forEach(s -> out.add(s.get("state").asText()));
        out.add(op.get("status").get("state").asText());
        return out;
    }

    private static void refused(RestClient c, String method, String path, Object body, int status, String message) {
        refused(c, method, path, body, status, message,
                () -> c.get("/v1/replication/replicate/list").raw() + replicas(c, 0));
    }

    /**
     * Which operations exist, without their states: a running operation moves on (REGISTERED to HYDRATING) while a
     * refused call is answered, so only the set of operations is what the call must leave as it was.
     */
    private static String operationIds(RestClient c) {
        List<String> out = new ArrayList<>();
        c.get("/v1/replication/replicate/list").json().forEach(op -> out.add(op.get("id").asText() + ":"
                + op.get("type").asText() + ":" + op.get("sourceNode").asText() + "->" + op.get("targetNode").asText()));
        return out.stream().sorted().toList().toString();
    }

    private static void refused(RestClient c, String method, String path, Object body, int status, String message,
            Supplier<String> footprint) {
        String before = footprint.get();
        RestClient.Response r = c.send(method, path, body);
        assertEquals(status, r.status(), method + " " + path + " " + body + " -> " + r);
        if (message != null) {
            JsonNode error = r.json().get("error");
            assertTrue(error != null && error.isArray(), "Weaviate's error body: " + r);
            assertTrue(error.get(0).get("message").asText().contains(message), r + ", expected " + message);
        }
        assertEquals(before, footprint.get(), "a refused call changes nothing: " + body);
    }

    @Test
    void aMoveOfThePrimaryPassesEveryStateToReadyUnderWritesWithNoneLost() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient c = cluster.node(0).client();
            createCollection(c, 2);
            loadPoints(c, 1, 20_001);
            Map<Long, String> before = replicas(c, 0);
            long primary = Long.parseLong(before.get(0L));
            long other = before.keySet().stream().filter(p -> p != 0 && p != primary).findFirst().orElseThrow();
            long free = List.of(0, 1, 2).stream().map(cluster::peerId).filter(p -> !before.containsKey(p))
                    .findFirst().orElseThrow();
            try (Workload writes = new Workload(cluster, 2, 1_000_000)) {
                String id = replicate(c, "MOVE", "snapshot", primary, free);
                // The replica being moved, and the target being filled, are taken.
                refused(c, "POST", "/v1/replication/replicate", Map.of("collection", "c", "shard", "0",
                        "sourceNode", Long.toString(primary), "targetNode", Long.toString(other), "type", "COPY"),
                        409, "already being replicated", () -> operationIds(c));
                RestClient.Response again = c.post("/v1/replication/replicate", Map.of("collection", "c", "shard", "0",
                        "sourceNode", Long.toString(other), "targetNode", Long.toString(free), "type", "MOVE"));
                assertEquals(409, again.status(), again.toString());
                cluster.await(SETTLE, "the move is READY", () -> state(c, id).equals("READY"));
                // Any node answers for the operation, once it has applied its last record.
                cluster.await(SETTLE, "node 2 sees it READY", () -> state(cluster.node(2).client(), id).equals("READY"));
                JsonNode op = operation(cluster.node(2).client(), id);
                assertEquals(List.of("REGISTERED", "HYDRATING", "FINALIZING", "DEHYDRATING", "READY"), states(op),
                        op.toString());
                assertTrue(op.get("uncancelable").asBoolean(), op.toString());
                assertEquals("MOVE", op.get("type").asText());
                assertEquals(Long.toString(free), op.get("targetNode").asText());
                int acknowledged = writes.acknowledged();
                cluster.await(SETTLE, "writes go on after the move",
                        () -> writes.acknowledged() > acknowledged + 20);
                writes.close();
                assertTrue(writes.acknowledged() > 0, "writes went on during the move");
                writes.assertNothingLost(c);
            }
            Map<Long, String> after = replicas(c, 0);
            assertFalse(after.containsKey(primary), "the moved source is gone: " + after);
            assertEquals("Active", after.get(free), after.toString());
            assertEquals("Active", after.get(other), after.toString());
            assertReplicasAgree(cluster, c);
            JsonNode sharding = c.get("/v1/replication/sharding-state?collection=c&shard=0").json();
            List<String> nodes = new ArrayList<>();
            sharding.get("shardingState").get("shards").get(0).get("replicas").forEach(n -> nodes.add(n.asText()));
            assertEquals(List.of(Long.toString(free), Long.toString(other)).stream().sorted().toList(),
                    nodes.stream().sorted().toList(), sharding.toString());

            String id = c.get("/v1/replication/replicate/list?collection=c").json().get(0).get("id").asText();
            refused(c, "POST", "/v1/replication/replicate/" + id + "/cancel", Map.of(), 409, "can no longer be cancelled");
            assertEquals(204, c.delete("/v1/replication/replicate/" + id).status());
            assertEquals(404, c.get("/v1/replication/replicate/" + id).status());
        }
    }

    @Test
    void aCancelWhileHydratingKeepsTheSourceAndDropsTheTarget() throws Exception {
        try (TestCluster cluster = start(dir, 2, "")) {
            RestClient c = cluster.node(0).client();
            assertEquals(200, c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 2, "replication_factor", 1)).status());
            loadPoints(c, 1, 5_001);
            long source = Long.parseLong(replicas(c, 1).get(0L));
            long target = cluster.peerId(0) == source ? cluster.peerId(1) : cluster.peerId(0);
            for (int i = 0; i < 2; i++) {
                assertEquals(200, cluster.node(i).client().put("/cluster/transfer_rate_limit",
                        Map.of("bytes_per_sec", 20_000)).status());
            }
            String id = replicate(c, 1, "COPY", "stream_records", source, target);
            cluster.await(SETTLE, "the copy is HYDRATING with its transfer running",
                    () -> operation(c, id).has("transfer") && state(c, id).equals("HYDRATING"));
            // Resharding down would remove the shard the copy fills: refused, in Qdrant's envelope, until it ends.
            RestClient.Response down = c.post("/collections/c/cluster", Map.of("start_resharding",
                    Map.of("direction", "down")));
            assertEquals(400, down.status(), down.toString()); // Qdrant's status for a refused shard operation
            assertTrue(down.error().contains("cannot remove shard 1 by resharding down while a transfer into node "
                    + target + " runs"), down.error());
            assertTrue(c.get("/collections/c/cluster").result().path("resharding_operations").isEmpty());
            assertEquals(204, c.post("/v1/replication/replicate/" + id + "/cancel", Map.of()).status());
            cluster.await(SETTLE, "node 1 sees it CANCELLED",
                    () -> state(cluster.node(1).client(), id).equals("CANCELLED"));
            JsonNode op = operation(cluster.node(1).client(), id);
            assertEquals("CANCELLED", op.get("status").get("state").asText(), op.toString());
            assertTrue(op.get("scheduledForCancel").asBoolean(), op.toString());
            assertFalse(op.has("transfer"), op.toString());
            cluster.await(SETTLE, "the target is gone", () -> !replicas(c, 1).containsKey(target));
            assertEquals("Active", replicas(c, 1).get(source));
            assertEquals(5_000, c.post("/collections/c/points/count", Map.of("exact", true)).result()
                    .get("count").asLong());
            // Cancelling again changes nothing and is a conflict; deleting the record works.
            refused(c, "POST", "/v1/replication/replicate/" + id + "/cancel", Map.of(), 409, "can no longer be cancelled");
            assertEquals(204, c.delete("/v1/replication/replicate/" + id).status());
            assertEquals("[]", c.get("/v1/replication/replicate").raw().replace(" ", ""));
        }
    }

    @Test
    void aMoveSurvivesRestartsOfItsSourceItsTargetAndTheRaftLeader() throws Exception {
        // Slow transfers (50 kB/s from the config, so again after each restart) keep the move running meanwhile.
        try (TestCluster cluster = start(dir, 3, "  transfer_rate_limit_bytes_per_sec: 50000\n")) {
            RestClient c = cluster.node(0).client();
            createCollection(c, 1);
            loadPoints(c, 1, 5_001);
            long source = Long.parseLong(replicas(c, 0).get(0L));
            int sourceIndex = indexOf(cluster, source);
            int targetIndex = (sourceIndex + 1) % 3;
            long target = cluster.peerId(targetIndex);
            String id = replicate(c, "MOVE", "stream_records", source, target);
            cluster.await(SETTLE, "the move copies points", () -> {
                // Another node may not have applied the operation's record yet: a 404 there is no answer yet.
                RestClient.Response r = cluster.node(targetIndex).client().get("/v1/replication/replicate/" + id);
                return r.status() == 200 && r.json().has("transfer")
                        && r.json().get("transfer").get("points_done").asLong() > 0;
            });
            for (int victim : new int[] {sourceIndex, targetIndex, cluster.awaitLeader(SETTLE)}) {
                cluster.kill9(victim);
                cluster.restart(victim);
                int other = (victim + 2) % 3;
                assertTrue(List.of("HYDRATING", "FINALIZING", "DEHYDRATING", "READY")
                        .contains(state(cluster.node(other).client(), id)), operation(cluster.node(other).client(), id)
                        .toString());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(200, cluster.node(i).client().put("/cluster/transfer_rate_limit",
                        Map.of("bytes_per_sec", 0)).status());
            }
            cluster.await(SETTLE, "the move is READY", () -> state(c, id).equals("READY"));
            JsonNode op = operation(c, id);
            assertEquals(List.of("REGISTERED", "HYDRATING", "FINALIZING", "DEHYDRATING", "READY"),
                    states(op).stream().distinct().toList(), op.toString());
            cluster.await(SETTLE, "the source is gone", () -> !replicas(c, 0).containsKey(source));
            assertEquals("Active", replicas(c, 0).get(target));
            assertEquals(5_000, c.post("/collections/c/points/count", Map.of("exact", true)).result()
                    .get("count").asLong());
        }
    }

    @Test
    void aScalePlanAddsCopiesAndDropsExtraReplicas() throws Exception {
        try (TestCluster cluster = start(dir, 2, "")) {
            RestClient c = cluster.node(0).client();
            assertEquals(200, c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 2, "replication_factor", 1)).status());
            loadPoints(c, 1, 2_001);
            JsonNode plan = c.get("/v1/replication/scale?collection=c&replicationFactor=2").json();
            assertEquals("c", plan.get("collection").asText());
            for (String shard : List.of("0", "1")) {
                JsonNode a = plan.get("shardScaleActions").get(shard);
                assertEquals(1, a.get("addNodes").size(), plan.toString());
                assertEquals(0, a.get("removeNodes").size(), plan.toString());
            }
            JsonNode applied = c.post("/v1/replication/scale", plan).json();
            assertEquals(plan.get("planId").asText(), applied.get("planId").asText());
            assertEquals(2, applied.get("operationIds").size(), applied.toString());
            for (JsonNode id : applied.get("operationIds")) {
                cluster.await(SETTLE, "the copy is READY", () -> state(c, id.asText()).equals("READY"));
            }
            assertEquals(2, replicas(c, 0).size() - 1);
            assertEquals(2, replicas(c, 1).size() - 1);

            JsonNode down = c.get("/v1/replication/scale?collection=c&replicationFactor=1").json();
            for (String shard : List.of("0", "1")) {
                assertEquals(1, down.get("shardScaleActions").get(shard).get("removeNodes").size(), down.toString());
            }
            assertEquals(0, c.post("/v1/replication/scale", down).json().get("operationIds").size());
            refused(c, "POST", "/v1/replication/scale", down, 409, "the scale plan is out of date");
            assertEquals(1, replicas(c, 0).size() - 1);
            assertEquals(1, replicas(c, 1).size() - 1);
            assertEquals(2_000, c.post("/collections/c/points/count", Map.of("exact", true)).result()
                    .get("count").asLong());
        }
    }

    /** A scale-down sent while the scale-up's copies fill cancels them: nothing puts them back over the factor. */
    @Test
    void aScaleDownWhileCopiesAreFillingCancelsThem() throws Exception {
        try (TestCluster cluster = start(dir, 2, "")) {
            RestClient c = cluster.node(0).client();
            assertEquals(200, c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 2, "replication_factor", 1)).status());
            loadPoints(c, 1, 5_001);
            JsonNode up = c.post("/v1/replication/scale",
                    c.get("/v1/replication/scale?collection=c&replicationFactor=2").json()).json();
            JsonNode down = c.get("/v1/replication/scale?collection=c&replicationFactor=1").json();
            for (String shard : List.of("0", "1")) {
                assertEquals(1, down.get("shardScaleActions").get(shard).get("removeNodes").size(), down.toString());
            }
            assertEquals(0, c.post("/v1/replication/scale", down).json().get("operationIds").size());
            for (JsonNode id : up.get("operationIds")) {
                cluster.await(SETTLE, "the copy is over", () -> List.of("READY", "CANCELLED")
                        .contains(state(c, id.asText())));
            }
            assertEquals(1, c.get("/collections/c").result().get("config").get("params").get("replication_factor")
                    .asInt());
            assertEquals(1, replicas(c, 0).size() - 1);
            assertEquals(1, replicas(c, 1).size() - 1);
            assertEquals(5_000, c.post("/collections/c/points/count", Map.of("exact", true)).result()
                    .get("count").asLong());
        }
    }

    @Test
    void badInputGetsWeaviatesCodesAndChangesNothing() throws Exception {
        try (TestCluster cluster = start(dir, 2, "")) {
            RestClient c = cluster.node(0).client();
            createCollection(c, 1);
            long source = Long.parseLong(replicas(c, 0).get(0L));
            String src = Long.toString(source);
            String dst = Long.toString(cluster.peerId(0) == source ? cluster.peerId(1) : cluster.peerId(0));
            String path = "/v1/replication/replicate";
            refused(c, "POST", path, Map.of("collection", "nope", "shard", "0", "sourceNode", src, "targetNode", dst),
                    422, "collection nope does not exist");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "7", "sourceNode", src, "targetNode", dst),
                    422, "could not find shard 7");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", "ghost", "targetNode", dst),
                    422, "node ghost does not exist");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", src, "targetNode", src),
                    422, "source and target node are the same");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", dst, "targetNode", src),
                    422, "does not hold an active replica");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", src, "targetNode", dst,
                    "type", "TELEPORT"), 422, "type in body should be one of");
            refused(c, "POST", path, Map.of("collection", "c", "shard", 0, "sourceNode", src, "targetNode", dst),
                    422, "shard in body must be a non-empty string");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", src), 422,
                    "targetNode in body is required");
            refused(c, "POST", path, Map.of("collection", "c", "shard", "0", "sourceNode", src, "targetNode", dst,
                    "colour", "blue"), 422, "unknown field colour");
            refused(c, "POST", path, List.of(1, 2), 422, "must be a JSON object");
            refused(c, "POST", path, "{\"collection\": ", 400, "parsing body failed");
            refused(c, "GET", path + "/list?shard=0", null, 400, "shard id provided without collection id");
            refused(c, "GET", path + "/list?includeHistory=maybe", null, 422, "includeHistory");
            refused(c, "GET", path + "/00000000-0000-0000-0000-000000000000", null, 404, null);
            refused(c, "GET", "/v1/replication/sharding-state?collection=nope", null, 404, null);
            refused(c, "GET", "/v1/replication/sharding-state", null, 400, "collection is required");
            refused(c, "GET", "/v1/replication/scale?collection=c&replicationFactor=0", null, 400,
                    "replicationFactor must be at least 1");
            refused(c, "GET", "/v1/replication/scale?collection=c&replicationFactor=9", null, 422, "larger than");
            refused(c, "GET", "/v1/nodes?output=loud", null, 422, "invalid output");
            refused(c, "POST", path + "/force-delete", Map.of("dryRun", "yes"), 422, "dryRun in body must be a boolean");
            refused(c, "POST", path + "/force-delete", Map.of("id", 7), 422, "id in body must be a non-empty string");
            refused(c, "POST", "/v1/replication/scale", Map.of("collection", "c", "shardScaleActions", Map.of()), 422,
                    "planId in body is required");
            refused(c, "POST", "/v1/replication/scale", Map.of("planId", "p", "collection", "c",
                    "shardScaleActions", List.of()), 422, "shardScaleActions in body is required and must be an object");
            refused(c, "POST", "/v1/replication/scale", Map.of("planId", "p", "collection", "c",
                    "shardScaleActions", Map.of("0", Map.of("addNodes", Map.of(dst, 5)))), 422,
                    "must be a source node name or null");
            refused(c, "POST", "/v1/replication/scale", Map.of("planId", "p", "collection", "c",
                    "shardScaleActions", Map.of("9", Map.of("removeNodes", List.of(src)))), 422, "could not find shard 9");
            // Unknown ids: Weaviate answers cancel and delete with 204 and changes nothing.
            refused(c, "POST", path + "/nothing/cancel", Map.of(), 204, null);
            refused(c, "DELETE", path + "/nothing", null, 204, null);
            assertEquals("1.35.0", c.get("/v1/meta").json().get("version").asText());
        }
    }
}
