package io.atoll.cluster;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.SnapshotFiles;
import io.atoll.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots across real processes: a collection snapshot taken on one node holds every shard, the other nodes'
 * streamed to it over the peer port; and the last line of defence of Qdrant's node-failure guide, a node lost for
 * good with the only replicas of its shards, whose shards come back from their shard snapshots onto the nodes left;
 * and a node without a Raft majority refusing a snapshot its replicas could be stale for.
 */
class SnapshotClusterTest {
    private static final int POINTS = 600;

    @TempDir
    Path dir;

    private static Map<String, Object> point(long id) {
        return Map.of("id", id, "vector", List.of(id % 100 + 1, 1), "payload", Map.of("v", id));
    }

    private static TreeSet<Long> ids(RestClient c, String collection) {
        TreeSet<Long> out = new TreeSet<>();
        new QdrantApi(c).scrollAll(collection, null, 250).forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    /** The shards each node holds, by node index. */
    private static TreeMap<Integer, List<Integer>> holders(TestCluster cluster) {
        TreeMap<Integer, List<Integer>> out = new TreeMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            List<Integer> shards = new ArrayList<>();
            ok(cluster.node(i).client().get("/collections/c/cluster")).get("local_shards")
                    .forEach(s -> shards.add(s.get("shard_id").asInt()));
            out.put(i, shards);
        }
        return out;
    }

    @Test
    void aCollectionSnapshotHoldsEveryNodesShardsAndALostNodesShardsComeBackFromTheirSnapshots() throws Exception {
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, "cluster:\n  dead_after_ms: 2000\n  replication_timeout_ms: 1500\n");
        try (TestCluster cluster = TestCluster.start(dir.resolve("nodes"), 3, "--config", config.toString())) {
            RestClient c0 = cluster.node(0).client();
            ok(c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"), "shard_number", 3,
                    "replication_factor", 1)));
            List<Map<String, Object>> points = new ArrayList<>();
            for (long id = 1; id <= POINTS; id++) {
                points.add(point(id));
            }
            ok(c0.put("/collections/c/points?wait=true", Map.of("points", points)));
            TreeSet<Long> all = ids(c0, "c");
            assertEquals(POINTS, all.size());
            TreeMap<Integer, List<Integer>> holders = holders(cluster);
            assertTrue(holders.get(1).size() + holders.get(2).size() > 0, "some shards are on other nodes: " + holders);

            // A collection snapshot on node 0 streams the other nodes' shards into it; recovered on node 1 under
            // another name, it holds every point.
            String name = ok(c0.post("/collections/c/snapshots", null)).get("name").asText();
            byte[] whole = SnapshotFiles.download(c0.base() + "/collections/c/snapshots/" + name);
            RestClient c1 = cluster.node(1).client();
            ok(SnapshotFiles.upload(c1.base() + "/collections/copy/snapshots/upload", whole));
            assertEquals(all, ids(c1, "copy"));

            // Node 2's shards are backed up as an operator would: a shard snapshot each, downloaded off the node.
            int lost = 2;
            RestClient c2 = cluster.node(lost).client();
            Map<Integer, byte[]> backups = new TreeMap<>();
            for (int shard : holders.get(lost)) {
                String s = ok(c2.post("/collections/c/shards/" + shard + "/snapshots", null)).get("name").asText();
                backups.put(shard, SnapshotFiles.download(c2.base() + "/collections/c/shards/" + shard
                        + "/snapshots/" + s));
            }
            assertFalse(backups.isEmpty(), "node 2 holds a shard: " + holders);
            long lostPeer = cluster.peerId(lost);
            cluster.kill9(lost);
            ok(c0.delete("/cluster/peer/" + lostPeer + "?force=true"));
            RestClient.Response partial = c0.post("/collections/c/points/count", Map.of("exact", true));
            assertEquals(503, partial.status(), "the lost shards have no replica: " + partial);

            for (var b : backups.entrySet()) {
                ok(SnapshotFiles.upload(c0.base() + "/collections/c/shards/" + b.getKey()
                        + "/snapshots/upload?priority=snapshot", b.getValue()));
            }
            assertEquals(all, ids(c0, "c"), "every point acknowledged before the snapshots is back");
            assertEquals(all, ids(c1, "c"));
            // The recovered shards take writes again.
            List<Map<String, Object>> more = new ArrayList<>();
            for (long id = POINTS + 1; id <= POINTS + 30; id++) {
                more.add(point(id));
            }
            ok(c1.put("/collections/c/points?wait=true", Map.of("points", more)));
            assertEquals(POINTS + 30, ok(c1.post("/collections/c/points/count", Map.of("exact", true)))
                    .get("count").asLong());

            // A node cut off from the majority still sees its own replica in sync, though the majority may have
            // marked it Dead and gone on writing: it refuses the snapshot rather than copy a stale shard.
            ok(c0.put("/collections/whole", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 1, "replication_factor", 2)));
            ok(c0.put("/collections/whole/points?wait=true", Map.of("points", more)));
            assertEquals(2, ok(c0.get("/collections/whole/cluster")).get("local_shards").size()
                    + ok(c0.get("/collections/whole/cluster")).get("remote_shards").size(), "a replica on each node");
            cluster.kill9(1);
            RestClient.Response cutOff = c0.post("/collections/whole/snapshots", null);
            assertEquals(503, cutOff.status(), "no Raft majority to confirm the replica is in sync: " + cutOff);
        }
    }
}
