package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.SETTLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3: Qdrant's tenant promotion between real Atoll processes: a tenant written with a fallback key is replicated to
 * a key of its own with {@code replicate_points} while its writer upserts, overwrites and deletes through every
 * node; readers, then writers, switch to the new key; no acknowledged write is lost or undone, and the other
 * tenants stay where they were.
 */
class TenantPromotionTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static final Map<String, Object> TENANT = Map.of("target", "t1", "fallback", "default");

    private static Map<String, Object> point(long id, long value, String group) {
        return Map.of("id", id, "vector", List.of(1, id % 5), "payload", Map.of("group", group, "v", value));
    }

    /** The payload value v of each point read under {@code key} (a selector), by scroll. */
    private static Map<Long, Long> values(RestClient via, Object key) {
        Map<Long, Long> out = new HashMap<>();
        Object offset = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("limit", 1000, "shard_key", key));
            if (offset != null) {
                body.put("offset", offset);
            }
            RestClient.Response r = via.post("/collections/c/points/scroll", body);
            assertEquals(200, r.status(), r.toString());
            for (JsonNode p : r.result().get("points")) {
                assertTrue(out.put(p.get("id").asLong(), p.get("payload").get("v").asLong()) == null,
                        "point " + p.get("id") + " read twice");
            }
            offset = r.result().get("next_page_offset").isNull() ? null : r.result().get("next_page_offset").asLong();
        } while (offset != null);
        return out;
    }

    @Test
    void aTenantMovesToItsOwnKeyUnderWritesAndNothingIsLost() throws Exception {
        try (TestCluster cluster = ShardTransferTest.start(dir, 3, "")) {
            RestClient c0 = cluster.node(0).client();
            assertEquals(200, c0.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "sharding_method", "custom", "shard_number", 1, "replication_factor", 2)).status());
            assertEquals(200, c0.put("/collections/c/shards", Map.of("shard_key", "default")).status());
            List<Map<String, Object>> others = new ArrayList<>();
            for (long id = 1; id <= 200; id++) {
                others.add(point(id, id, "t2"));
            }
            assertEquals(200, c0.put("/collections/c/points?wait=true", Map.of("points", others, "shard_key",
                    "default")).status());

            // The tenant's writer: upserts new points, overwrites older ones and deletes some, through every node.
            Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofVirtual().start(() -> {
                for (long i = 0; !stop.get(); i++) {
                    RestClient via = cluster.node((int) (i % 3)).client();
                    long id = 10_000 + i;
                    RestClient.Response r;
                    Long value = null;
                    if (i % 7 == 6) {
                        r = via.post("/collections/c/points/delete?wait=true", Map.of("points", List.of(id - 5),
                                "shard_key", TENANT));
                    } else {
                        long target = i % 3 == 2 ? id - 10 : id;
                        value = i;
                        r = via.put("/collections/c/points?wait=true", Map.of("points",
                                List.of(point(target, i, "t1")), "shard_key", TENANT));
                        id = target;
                    }
                    if (r.status() != 200) {
                        failures.add(r.toString());
                    } else if (value == null) {
                        acknowledged.remove(id - 5);
                    } else {
                        acknowledged.put(id, value);
                    }
                }
            });
            cluster.await(SETTLE, "the tenant has 100 points", () -> acknowledged.size() >= 100);

            RestClient c1 = cluster.node(1).client();
            assertEquals(200, c1.put("/collections/c/shards", Map.of("shard_key", "t1", "initial_state", "Partial"))
                    .status());
            RestClient.Response same = c1.post("/collections/c/cluster", Map.of("replicate_points",
                    Map.of("from_shard_key", "default", "to_shard_key", "default")));
            assertEquals(422, same.status(), same.toString());
            RestClient.Response start = c1.post("/collections/c/cluster", Map.of("replicate_points",
                    Map.of("from_shard_key", "default", "to_shard_key", "t1", "filter", Map.of("must",
                            List.of(Map.of("key", "group", "match", Map.of("value", "t1")))))));
            assertEquals(200, start.status(), start.toString());
            cluster.await(SETTLE, "the tenant's key is Active and its copy is over", () -> {
                JsonNode info = c0.get("/collections/c/cluster").result();
                if (!info.get("shard_transfers").isEmpty()) {
                    return false;
                }
                List<JsonNode> shards = new ArrayList<>();
                info.get("local_shards").forEach(shards::add);
                info.get("remote_shards").forEach(shards::add);
                return shards.stream().filter(s -> "t1".equals(s.path("shard_key").asText()))
                        .allMatch(s -> s.get("state").asText().equals("Active"));
            });
            int before = acknowledged.size();
            cluster.await(SETTLE, "writes go on to the new key", () -> acknowledged.size() > before + 30);
            stop.set(true);
            writer.join();
            assertTrue(failures.isEmpty(), failures.size() + " tenant writes failed: "
                    + failures.stream().limit(3).toList());

            for (int i = 0; i < 3; i++) {
                RestClient via = cluster.node(i).client();
                Map<Long, Long> tenant = values(via, "t1");
                assertEquals(acknowledged, tenant, "the tenant's key through node " + i
                        + " holds exactly its acknowledged writes");
                assertEquals(acknowledged, values(via, TENANT), "reads with the fallback use the tenant's key");
                assertEquals(200, values(via, "default").keySet().stream().filter(id -> id <= 200).count(),
                        "the other tenant stays in the default key");
            }
            // The user deletes the tenant from the default key; the tenant's key keeps it.
            RestClient.Response clean = c0.post("/collections/c/points/delete?wait=true", Map.of("filter",
                    Map.of("must", List.of(Map.of("key", "group", "match", Map.of("value", "t1")))),
                    "shard_key", "default"));
            assertEquals(200, clean.status(), clean.toString());
            assertEquals(200, values(c0, "default").size());
            assertEquals(acknowledged, values(c0, "t1"));
            ShardTransferTest.assertReplicasAgree(cluster, c0);
        }
    }
}
