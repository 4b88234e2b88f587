package io.atoll.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: shard transfers between real Atoll processes while writers upsert and delete through every node, driven
 * through Qdrant's cluster API as a user would.
 */
class ShardTransferTest {
    static final Duration SETTLE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    static TestCluster start(Path dir, int nodes, String extraConfig) throws IOException {
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, "cluster:\n  dead_after_ms: 2000\n  replication_timeout_ms: 1500\n" + extraConfig);
        return TestCluster.start(dir, nodes, "--config", config.toString());
    }

    /** Peer id to state of shard {@code shard}'s replicas, and its primary under key 0, as {@code via} sees them. */
    static Map<Long, String> replicas(RestClient via, int shard) {
        JsonNode r = via.get("/collections/c/cluster").result();
        Map<Long, String> out = new TreeMap<>();
        for (JsonNode s : r.get("local_shards")) {
            if (s.get("shard_id").asInt() == shard) {
                out.put(r.get("peer_id").asLong(), s.get("state").asText());
                if (s.get("primary").asBoolean()) {
                    out.put(0L, Long.toString(r.get("peer_id").asLong()));
                }
            }
        }
        for (JsonNode s : r.get("remote_shards")) {
            if (s.get("shard_id").asInt() == shard) {
                out.put(s.get("peer_id").asLong(), s.get("state").asText());
                if (s.get("primary").asBoolean()) {
                    out.put(0L, Long.toString(s.get("peer_id").asLong()));
                }
            }
        }
        return out;
    }

    static JsonNode transfers(RestClient via) {
        return via.get("/collections/c/cluster").result().get("shard_transfers");
    }

    static void loadPoints(RestClient via, long from, long to) {
        for (long start = from; start < to; start += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (long id = start; id < Math.min(to, start + 500); id++) {
                batch.add(Workload.point(id));
            }
            RestClient.Response r = via.put("/collections/c/points?wait=true", Map.of("points", batch));
            assertEquals(200, r.status(), r.toString());
        }
    }

    /** Every replica of every shard reports the same (id, version) digest. */
    static void assertReplicasAgree(TestCluster cluster, RestClient via) {
        cluster.await(SETTLE, "every replica of every shard holds the same points", () -> {
            JsonNode sums = via.get("/collections/c/cluster/checksums").result();
            Map<Integer, Set<String>> digests = new HashMap<>();
            for (JsonNode r : sums) {
                if (!r.get("state").asText().equals("Active") || !r.has("sha256")) {
                    return false;
                }
                digests.computeIfAbsent(r.get("shard_id").asInt(), k -> new HashSet<>()).add(r.get("sha256").asText());
            }
            return digests.values().stream().allMatch(d -> d.size() == 1);
        });
    }

    static int indexOf(TestCluster cluster, long peer) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.peerId(i) == peer) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node has peer id " + peer);
    }

    /**
     * A shard is moved off its primary to a node that had no replica, then copied back, each by stream_records,
     * while writers upsert and delete through every node: no client write fails, nothing acknowledged is lost or
     * comes back, and every replica ends with the same (id, version) pairs.
     */
    @Test
    void moveAndCopyByStreamRecordsKeepEveryAcknowledgedWrite() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            moveAndCopyBack(cluster, "stream_records", "stream_records");
        }
    }

    /**
     * Moves shard 0 of a new 3,000-point collection off its primary to the node without a replica by
     * {@code method} (null: the default, which the listing must show as {@code shown}), then copies it back the
     * same way, while writers upsert and delete through every node: no client write fails, nothing acknowledged
     * is lost or comes back, and the three replicas end with the same (id, version) pairs.
     */
    static void moveAndCopyBack(TestCluster cluster, String method, String shown) throws Exception {
        RestClient c0 = cluster.node(0).client();
        assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1, "replication_factor", 2)).status());
        loadPoints(c0, 1_000_000, 1_003_000);
        Map<Long, String> before = replicas(c0, 0);
        long primary = Long.parseLong(before.get(0L));
        long free = -1;
        for (int i = 0; i < 3; i++) {
            if (!before.containsKey(cluster.peerId(i))) {
                free = cluster.peerId(i);
            }
        }
        try (Workload writers = new Workload(cluster, 3, 1)) {
            cluster.await(SETTLE, "writers have 200 acknowledged writes", () -> writers.acknowledged() >= 200);
            RestClient.Response move = c0.post("/collections/c/cluster", Map.of("move_shard",
                    transfer(primary, free, method)));
            assertEquals(200, move.status(), move.toString());
            JsonNode running = transfers(c0);
            if (!running.isEmpty()) { // a small shard may be moved already
                assertEquals(1, running.size(), running.toString());
                assertEquals(shown, running.get(0).get("method").asText());
                assertEquals(free, running.get(0).get("to").asLong());
            }
            long target = free;
            cluster.await(SETTLE, "the move finished", () -> transfers(c0).isEmpty()
                    && "Active".equals(replicas(c0, 0).get(target)) && !replicas(c0, 0).containsKey(primary));
            int afterMove = writers.acknowledged();
            cluster.await(SETTLE, "writes go on after the move", () -> writers.acknowledged() > afterMove + 100);

            RestClient.Response copy = cluster.node(indexOf(cluster, free)).client().post("/collections/c/cluster",
                    Map.of("replicate_shard", transfer(free, primary, method)));
            assertEquals(200, copy.status(), copy.toString());
            cluster.await(SETTLE, "the copy finished", () -> transfers(c0).isEmpty()
                    && "Active".equals(replicas(c0, 0).get(primary)) && "Active".equals(replicas(c0, 0).get(target)));
            int afterCopy = writers.acknowledged();
            cluster.await(SETTLE, "writes go on after the copy", () -> writers.acknowledged() > afterCopy + 100);
            writers.close();
            assertTrue(writers.failures.isEmpty(), writers.failures.size() + " client writes failed: "
                    + writers.failures.stream().limit(5).toList());
            writers.assertNothingLost(c0);
        }
        assertReplicasAgree(cluster, c0);
        assertEquals(3, replicas(c0, 0).size() - 1, "three replicas after the copy: " + replicas(c0, 0));
    }

    private static Map<String, Object> transfer(long from, long to, String method) {
        Map<String, Object> args = new HashMap<>(Map.of("shard_id", 0, "from_peer_id", from, "to_peer_id", to));
        if (method != null) {
            args.put("method", method);
        }
        return args;
    }
}
