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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: custom sharding between real Atoll processes, through Qdrant's API as a user calls it: keys created and
 * dropped through any node, writes and reads by key (one, several, all, with a fallback), a key resharded while the
 * others are left alone, and Qdrant's refusals for keys that do not exist or are not given.
 */
class ShardKeysTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static void upsert(RestClient via, Object key, long from, long to) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (long id = from; id < to; id++) {
            points.add(Map.of("id", id, "vector", List.of(1, id % 7), "payload", Map.of("v", id)));
        }
        RestClient.Response r = via.put("/collections/c/points?wait=true", Map.of("points", points, "shard_key", key));
        assertEquals(200, r.status(), r.toString());
    }

    private static long count(RestClient via, Object key) {
        Map<String, Object> body = key == null ? Map.of("exact", true) : Map.of("exact", true, "shard_key", key);
        RestClient.Response r = via.post("/collections/c/points/count", body);
        assertEquals(200, r.status(), r.toString());
        return r.result().get("count").asLong();
    }

    private static Set<String> keysOf(RestClient via) {
        Set<String> keys = new HashSet<>();
        via.get("/collections/c/shards").result().get("shard_keys").forEach(k -> keys.add(k.get("key").toString()));
        return keys;
    }

    @Test
    void keysAreCreatedWrittenReadReshardedAndDropped() throws Exception {
        // The rebalancer is off: key 7's pinned replicas leave the nodes uneven, and it would move tenant-a meanwhile.
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, "  rebalance: false\n")) {
            RestClient c0 = cluster.node(0).client();
            RestClient c1 = cluster.node(1).client();
            RestClient c2 = cluster.node(2).client();
            RestClient.Response created = c0.put("/collections/c", Map.of("vectors", Map.of("size", 2,
                    "distance", "Dot"), "sharding_method", "custom", "shard_number", 1, "replication_factor", 2));
            assertEquals(200, created.status(), created.toString());
            assertEquals("custom", c1.get("/collections/c").result().at("/config/params/sharding_method").asText());
            assertEquals(Set.of(), keysOf(c2));
            assertEquals(0, count(c1, null), "no keys, no shards, nothing to count");

            assertEquals(200, c0.put("/collections/c/shards", Map.of("shard_key", "tenant-a")).status());
            RestClient.Response numeric = c1.post("/collections/c/cluster", Map.of("create_sharding_key",
                    Map.of("shard_key", 7, "shards_number", 2, "placement", List.of(cluster.peerId(1),
                            cluster.peerId(2)))));
            assertEquals(200, numeric.status(), numeric.toString());
            assertEquals(Set.of("\"tenant-a\"", "7"), keysOf(c0));
            JsonNode info = c2.get("/collections/c/cluster").result();
            assertEquals(3, info.get("shard_count").asInt());
            Set<Long> peersOf7 = new HashSet<>();
            for (String side : List.of("local_shards", "remote_shards")) {
                for (JsonNode s : info.get(side)) {
                    if (s.get("shard_key").isNumber()) {
                        peersOf7.add(s.has("peer_id") ? s.get("peer_id").asLong() : info.get("peer_id").asLong());
                    }
                }
            }
            assertEquals(Set.of(cluster.peerId(1), cluster.peerId(2)), peersOf7, "key 7 lives where it was placed");

            // Writes through every node, the same ids under both keys: each key holds a point of its own.
            upsert(c0, "tenant-a", 1, 101);
            upsert(c1, 7, 1, 301);
            upsert(c2, List.of("tenant-a", 7), 1000, 1010);
            assertEquals(110, count(c2, "tenant-a"));
            assertEquals(310, count(c0, 7));
            assertEquals(420, count(c1, null));
            assertEquals(420, count(c1, List.of("tenant-a", 7)));
            assertEquals(420, c0.get("/collections/c").result().get("points_count").asLong());

            RestClient.Response noKey = c0.put("/collections/c/points?wait=true", Map.of("points",
                    List.of(Map.of("id", 1, "vector", List.of(1, 1)))));
            assertEquals(400, noKey.status());
            assertEquals("Wrong input: Shard key not specified", noKey.error());
            RestClient.Response unknown = c0.put("/collections/c/points?wait=true", Map.of("points",
                    List.of(Map.of("id", 1, "vector", List.of(1, 1))), "shard_key", "nope"));
            assertEquals(400, unknown.status());
            assertEquals("Wrong input: Shard key \"nope\" not found", unknown.error());
            RestClient.Response readUnknown = c0.post("/collections/c/points/count", Map.of("shard_key", 8));
            assertEquals(400, readUnknown.status());
            assertEquals("Bad request: Shard key 8 not found", readUnknown.error());

            // Results carry the key they were read under.
            JsonNode hits = c1.post("/collections/c/points/search", Map.of("vector", List.of(1, 0), "limit", 5,
                    "shard_key", "tenant-a")).result();
            assertEquals(5, hits.size());
            hits.forEach(h -> assertEquals("tenant-a", h.get("shard_key").asText()));
            JsonNode both = c2.post("/collections/c/points", Map.of("ids", List.of(1000))).result();
            assertEquals(1, both.size(), "retrieve merges one id over keys");
            JsonNode scrolled = c0.post("/collections/c/points/scroll", Map.of("limit", 500, "shard_key", 7))
                    .result().get("points");
            assertEquals(310, scrolled.size());
            scrolled.forEach(p -> assertEquals(7, p.get("shard_key").asInt()));

            // A delete by filter under one key leaves the other key's points alone.
            RestClient.Response del = c2.post("/collections/c/points/delete?wait=true", Map.of("filter",
                    Map.of("must", List.of(Map.of("key", "v", "range", Map.of("lt", 51)))), "shard_key", "tenant-a"));
            assertEquals(200, del.status(), del.toString());
            assertEquals(60, count(c0, "tenant-a"));
            assertEquals(310, count(c0, 7));

            // A fallback: the target does not exist yet, so writes and reads use the fallback; then they use it.
            Map<String, Object> fallback = Map.of("target", "tenant-b", "fallback", "tenant-a");
            upsert(c1, fallback, 5000, 5010);
            assertEquals(70, count(c0, "tenant-a"));
            assertEquals(70, count(c0, fallback));
            assertEquals(200, c2.put("/collections/c/shards", Map.of("shard_key", "tenant-b")).status());
            upsert(c1, fallback, 6000, 6005);
            assertEquals(5, count(c0, fallback));
            assertEquals(5, count(c0, "tenant-b"));

            // Key 7 is resharded from 2 shards to 3 while the others stay as they are.
            RestClient.Response up = c0.post("/collections/c/cluster", Map.of("start_resharding",
                    Map.of("direction", "up", "shard_key", 7)));
            assertEquals(200, up.status(), up.toString());
            upsert(c2, 7, 400, 450);
            cluster.await(SETTLE, "key 7's resharding finished", () -> {
                JsonNode ops = c0.get("/collections/c/cluster").result().get("resharding_operations");
                return ops == null || ops.isEmpty();
            });
            assertEquals(360, count(c1, 7));
            assertEquals(70, count(c1, "tenant-a"));
            assertEquals(5, count(c1, "tenant-b"));
            assertEquals(435, count(c2, null));
            assertEquals(5, c0.get("/collections/c/cluster").result().get("shard_count").asInt());

            // Dropping a key drops its points, through any node; dropping it again is refused.
            assertEquals(200, c1.post("/collections/c/shards/delete", Map.of("shard_key", "tenant-a")).status());
            assertEquals(Set.of("7", "\"tenant-b\""), keysOf(c2));
            assertEquals(365, count(c2, null));
            RestClient.Response again = c0.post("/collections/c/shards/delete", Map.of("shard_key", "tenant-a"));
            assertEquals(400, again.status());
            assertEquals("Bad request: Sharding key \"tenant-a\" does not exist for collection c", again.error());
            ShardTransferTest.assertReplicasAgree(cluster, c0);
        }
    }

    @Test
    void badInputIsRefusedWithQdrantsMessages() throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 1, "")) {
            RestClient c = cluster.node(0).client();
            assertEquals(200, c.put("/collections/auto", Map.of("vectors", Map.of("size", 2, "distance", "Dot")))
                    .status());
            RestClient.Response onAuto = c.put("/collections/auto/shards", Map.of("shard_key", "a"));
            assertEquals(400, onAuto.status());
            assertEquals("Bad request: Shard Key cannot be created with Auto sharding method", onAuto.error());
            assertFalse(c.get("/collections/auto/shards").result().has("shard_keys"));
            RestClient.Response keyOnAuto = c.put("/collections/auto/points?wait=true", Map.of("points",
                    List.of(Map.of("id", 1, "vector", List.of(1, 1))), "shard_key", "a"));
            assertEquals(400, keyOnAuto.status());
            assertEquals("Wrong input: Shard key \"a\" not found", keyOnAuto.error());

            assertEquals(200, c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "sharding_method", "custom")).status());
            assertEquals(400, c.put("/collections/x", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "sharding_method", "hashed")).status());
            assertEquals(200, c.put("/collections/c/shards", Map.of("shard_key", "a")).status());
            Map<String, Object>[] bad = new Map[] {
                    Map.of("shard_key", true), Map.of("shard_key", -1), Map.of("shard_key", 1.5), Map.of(),
                    Map.of("shard_key", "b", "shards_number", 0), Map.of("shard_key", "b", "shards_number", "two"),
                    Map.of("shard_key", "b", "replication_factor", 9), Map.of("shard_key", "b", "placement", List.of()),
                    Map.of("shard_key", "b", "placement", List.of(424242)), Map.of("shard_key", "b", "placement", 5),
                    Map.of("shard_key", "b", "initial_state", "Dead"), Map.of("shard_key", "b", "initial_state", 3),
                    Map.of("shard_key", "b", "color", "red"), Map.of("shard_key", "a"),
                    Map.of("shard_key", new java.math.BigInteger("18446744073709551616")),
            };
            for (Map<String, Object> body : bad) {
                RestClient.Response r = c.put("/collections/c/shards", body);
                assertTrue(r.status() == 400 || r.status() == 422, body + " -> " + r);
                assertTrue(r.error() != null && !r.error().isBlank(), body + " -> " + r);
            }
            assertEquals("Bad request: Sharding key \"a\" already exists for collection c",
                    c.put("/collections/c/shards", Map.of("shard_key", "a")).error());
            assertEquals("Bad request: Peer 424242 does not exist", c.put("/collections/c/shards",
                    Map.of("shard_key", "b", "placement", List.of(424242))).error());
            assertEquals("Bad request: Initial state cannot be Dead, only Active or Partial are allowed",
                    c.put("/collections/c/shards", Map.of("shard_key", "b", "initial_state", "Dead")).error());
            assertEquals(Set.of("\"a\""), keysOf(c), "nothing was created by a refused call");

            for (Object selector : List.of(true, 1.5, -3, Map.of("target", "a"), Map.of("target", "a",
                    "fallback", "b", "x", 1), List.of("a", false))) {
                RestClient.Response r = c.post("/collections/c/points/count", Map.of("shard_key", selector));
                assertEquals(400, r.status(), selector + " -> " + r);
            }
            RestClient.Response neither = c.post("/collections/c/points/count", Map.of("shard_key",
                    Map.of("target", "x", "fallback", "y")));
            assertEquals(404, neither.status(), neither.toString());
            assertEquals("Not found: Neither target shard key \"x\" nor fallback shard key \"y\" exist not found",
                    neither.error());
            Map<String, Object>[] badReplications = new Map[] {
                    Map.of(), Map.of("from_shard_key", "a"), Map.of("from_shard_key", "a", "to_shard_key", true),
                    Map.of("from_shard_key", "a", "to_shard_key", "zzz"),
                    Map.of("from_shard_key", "a", "to_shard_key", "a"),
                    Map.of("from_shard_key", "a", "to_shard_key", "b", "filter", 3),
                    Map.of("from_shard_key", "a", "to_shard_key", "b", "extra", 1),
            };
            assertEquals(200, c.put("/collections/c/shards", Map.of("shard_key", "b", "initial_state", "Partial"))
                    .status());
            for (Map<String, Object> args : badReplications) {
                RestClient.Response r = c.post("/collections/c/cluster", Map.of("replicate_points", args));
                assertTrue(r.status() == 400 || r.status() == 422, args + " -> " + r);
            }
            assertEquals("Wrong input: Shard key \"zzz\" does not exist for collection c", c.post(
                    "/collections/c/cluster", Map.of("replicate_points", badReplications[3])).error());
            assertTrue(c.get("/collections/c/cluster").result().get("shard_transfers").isEmpty(),
                    "no refused replication started");
            assertEquals(200, c.post("/collections/c/shards/delete", Map.of("shard_key", "b")).status());
            assertEquals(400, c.post("/collections/c/shards/delete", Map.of()).status());
            assertEquals(400, c.post("/collections/c/shards/delete", Map.of("shard_key", List.of("a"))).status());
            assertEquals(1, keysOf(c).size());
        }
    }
}
