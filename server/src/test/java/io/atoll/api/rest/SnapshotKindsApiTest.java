package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.SnapshotFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kinds of snapshots on a real node beyond the collection's own: a full snapshot holds every collection's
 * snapshot whole (one recovered out of it holds that collection's points); a shard snapshot made on the fly streams
 * and recovers its shard; priorities on a shard; and recovery without waiting.
 */
class SnapshotKindsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static String loaded(String prefix, int shards, int points) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", shards));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            batch.add(Map.of("id", i, "vector", List.of(1, i), "payload", Map.of("i", i)));
        }
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", batch)));
        return c;
    }

    private static long count(String c) {
        return ok(client().post("/collections/" + c + "/points/count", Map.of("exact", true))).get("count").asLong();
    }

    /** The entries of a tar archive by name. */
    private static TreeMap<String, byte[]> entries(byte[] archive) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void aFullSnapshotHoldsEveryCollectionWhole() throws Exception {
        String a = loaded("full_a", 2, 40);
        String b = loaded("full_b", 1, 25);
        JsonNode full = ok(client().post("/snapshots", null));
        TreeMap<String, byte[]> inside = entries(SnapshotFiles.download(client().base() + "/snapshots/"
                + full.get("name").asText()));
        assertTrue(inside.containsKey("manifest.json"), inside.keySet().toString());
        assertTrue(inside.containsKey("collections/" + a + ".snapshot"), inside.keySet().toString());
        assertTrue(inside.containsKey("collections/" + b + ".snapshot"), inside.keySet().toString());
        // A collection's snapshot taken out of the full one recovers it.
        ok(SnapshotFiles.upload(client().base() + "/collections/" + a + "_from_full/snapshots/upload",
                inside.get("collections/" + a + ".snapshot")));
        assertEquals(40, count(a + "_from_full"));
        // The full snapshot itself is not recovered as a collection.
        RestClient.Response refused = SnapshotFiles.upload(client().base() + "/collections/" + a
                + "/snapshots/upload", SnapshotFiles.download(client().base() + "/snapshots/" + full.get("name").asText()));
        assertEquals(400, refused.status(), refused.raw());
        assertTrue(refused.error().contains("full snapshot"), refused.error());
        ok(client().delete("/snapshots/" + full.get("name").asText()));
    }

    @Test
    void aShardSnapshotMadeOnTheFlyStreamsAndRecoversItsShard() {
        String c = loaded("on_the_fly", 1, 60);
        long usedBefore = ok(client().get("/snapshots/tasks")).get("used_bytes").asLong();
        byte[] shard = SnapshotFiles.download(client().base() + "/collections/" + c + "/shards/0/snapshot");
        // The server closes the file's stream just after the last byte went out.
        QdrantApi.await("the snapshot made for the download is gone once sent", java.time.Duration.ofSeconds(10),
                () -> ok(client().get("/snapshots/tasks")).get("used_bytes").asLong() == usedBefore);
        assertEquals(0, ok(client().get("/collections/" + c + "/shards/0/snapshots")).size(), "and never listed");
        ok(client().post("/collections/" + c + "/points/delete?wait=true", Map.of("points", List.of(1, 2, 3))));
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points",
                List.of(Map.of("id", 100, "vector", List.of(1, 1))))));
        ok(client().put("/collections/" + c + "/points/payload?wait=true", Map.of("payload", Map.of("i", -4),
                "points", List.of(4))));

        // replica: what the shard holds wins; only what it lacks comes back
        ok(SnapshotFiles.upload(client().base() + "/collections/" + c + "/shards/0/snapshots/upload?priority=replica",
                shard));
        assertEquals(61, count(c));
        assertEquals(-4, ok(client().get("/collections/" + c + "/points/4")).at("/payload/i").asInt());
        // no_sync: as snapshot, the shard becomes the snapshot's
        ok(SnapshotFiles.upload(client().base() + "/collections/" + c + "/shards/0/snapshots/upload?priority=no_sync",
                shard));
        assertEquals(60, count(c));
        assertEquals(4, ok(client().get("/collections/" + c + "/points/4")).at("/payload/i").asInt());
    }

    @Test
    void withoutWaitARecoveryAnswers202AndEndsAsReported() throws Exception {
        String c = loaded("recover_no_wait", 2, 80);
        String name = ok(client().post("/collections/" + c + "/snapshots", null)).get("name").asText();
        String copy = c + "_copy";
        RestClient.Response r = client().put("/collections/" + copy + "/snapshots/recover?wait=false",
                Map.of("location", client().base() + "/collections/" + c + "/snapshots/" + name));
        assertEquals(202, r.status(), r.raw());
        JsonNode task = null;
        for (int i = 0; i < 400 && task == null; i++) {
            for (JsonNode t : ok(client().get("/snapshots/tasks")).get("tasks")) {
                if (t.get("target").asText().equals(copy) && !t.get("status").asText().equals("running")) {
                    task = t;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(task != null, "the recovery is reported as it ends");
        assertEquals("succeeded", task.get("status").asText(), task.toString());
        assertEquals("recover collection", task.get("kind").asText());
        assertEquals(80, count(copy));
    }
}
