package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.SnapshotFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots on a real node: a snapshot taken under concurrent writes holds exactly the writes up to one point,
 * progress is reported while it runs, and every bad snapshot, location, body and name is refused with a clear 4xx
 * while the collection's data stays exactly as it was.
 */
class SnapshotsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    private static String loaded(String prefix, int size, int points) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", size, "distance", "Cosine"),
                "shard_number", 2));
        List<Map<String, Object>> batch = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 1; i <= points; i++) {
            List<Double> v = new ArrayList<>();
            for (int d = 0; d < size; d++) {
                v.add(random.nextDouble() + 0.01);
            }
            batch.add(Map.of("id", i, "vector", v, "payload", Map.of("i", i)));
        }
        ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", batch)));
        return c;
    }

    /** Every point's id with its payload and vector: what "unchanged" is measured against. */
    private static TreeMap<Long, String> contents(String c) {
        TreeMap<Long, String> out = new TreeMap<>();
        new QdrantApi(client()).scrollAll(c, null, 500)
                .forEach(p -> out.put(p.get("id").asLong(), p.get("payload") + " " + p.get("vector")));
        return out;
    }

    private static byte[] snapshotOf(String c) {
        String name = ok(client().post("/collections/" + c + "/snapshots", null)).get("name").asText();
        return SnapshotFiles.download(client().base() + "/collections/" + c + "/snapshots/" + name);
    }

    private static RestClient.Response upload(String c, String query, byte[] archive) {
        return SnapshotFiles.upload(client().base() + "/collections/" + c + "/snapshots/upload" + query, archive);
    }

    @Test
    void badArchivesAreRefusedAndLeaveTheCollectionAsItWas() {
        String c = loaded("bad_archives", 4, 200);
        byte[] good = snapshotOf(c);
        ok(client().post("/collections/" + c + "/points/delete?wait=true", Map.of("points", List.of(1, 2, 3))));
        TreeMap<Long, String> before = contents(c);
        byte[] otherSchema = snapshotOf(loaded("other_schema", 8, 10));
        AtomicBoolean flipped = new AtomicBoolean();
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("truncated", java.util.Arrays.copyOf(good, good.length / 2));
        cases.put("damaged", SnapshotFiles.rewrite(good, (name, data) -> {
            if (name.startsWith("shards/") && data.length > 200 && !flipped.getAndSet(true)) {
                data[100] ^= 0x5a;
            }
            return data;
        }));
        cases.put("missing", SnapshotFiles.rewrite(good, (name, data) -> name.endsWith(".si") ? null : data));
        cases.put("unlisted", withExtra(good));
        cases.put("newer format", SnapshotFiles.rewrite(good, (name, data) -> name.equals("manifest.json")
                ? new String(data, StandardCharsets.UTF_8).replaceFirst("\"format\" : 1", "\"format\" : 99")
                        .getBytes(StandardCharsets.UTF_8) : data));
        cases.put("not an archive", new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        cases.put("shard twice", SnapshotFiles.rewrite(good, (name, data) -> name.equals("manifest.json")
                ? new String(data, StandardCharsets.UTF_8).replaceFirst("\"id\" : 1,", "\"id\" : 0,")
                        .getBytes(StandardCharsets.UTF_8) : data));
        cases.put("other schema", otherSchema);
        Map<String, String> expected = Map.of("truncated", "Bad snapshot", "damaged", "Bad snapshot",
                "missing", "missing", "unlisted", "Bad snapshot", "newer format", "format 99",
                "not an archive", "Bad snapshot", "other schema", "vectors", "shard twice", "shard 0 twice");
        for (var e : cases.entrySet()) {
            RestClient.Response r = upload(c, "?priority=snapshot", e.getValue());
            error(r, 400, expected.get(e.getKey()));
            assertEquals(before, contents(c), e.getKey() + ": the collection must be unchanged");
        }
        error(upload(c, "?checksum=" + "ab".repeat(32), good), 400, "checksum mismatch");
        error(upload(c, "?priority=newest", good), 400, "priority");
        error(upload(c, "?checksum=nothex", good), 400, "SHA-256");
        error(SnapshotFiles.post(client().base() + "/collections/" + c + "/snapshots/upload", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)), 400, "multipart");
        assertEquals(before, contents(c));
        // The good one still recovers: the refusals left nothing behind that gets in its way.
        ok(upload(c, "?priority=snapshot", good));
        assertEquals(200, contents(c).size());
    }

    /** The archive with one more entry than its manifest lists, named to escape the directory it unpacks into. */
    private static byte[] withExtra(byte[] archive) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(archive));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                var copy = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getName());
                copy.setSize(data.length);
                tar.putArchiveEntry(copy);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            var extra = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../../escape");
            extra.setSize(3);
            tar.putArchiveEntry(extra);
            tar.write(new byte[]{1, 2, 3});
            tar.closeArchiveEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void badLocationsBodiesAndNamesAreRefusedAndChangeNothing() throws Exception {
        String c = loaded("bad_requests", 4, 50);
        String name = ok(client().post("/collections/" + c + "/snapshots", null)).get("name").asText();
        ok(client().post("/collections/" + c + "/points/delete?wait=true", Map.of("points", List.of(1))));
        TreeMap<Long, String> before = contents(c);
        String recover = "/collections/" + c + "/snapshots/recover";
        String self = client().base() + "/collections/" + c + "/snapshots/" + name;
        error(client().put(recover, Map.of()), 400, "missing field `location`");
        error(client().put(recover, Map.of("location", 5)), 400, "location");
        error(client().put(recover, Map.of("location", "")), 422, "location");
        error(client().put(recover, Map.of("location", self, "priority", "newest")), 400, "priority");
        error(client().put(recover, Map.of("location", self, "checksum", "xyz")), 400, "SHA-256");
        error(client().put(recover, Map.of("location", self, "extra", 1)), 400, "unknown field `extra`");
        error(client().put(recover, "{\"location\": NaN}"), 400);
        error(client().put(recover, "not json"), 400);
        error(client().put(recover, Map.of("location", "x".repeat(100_000))), 400);
        error(client().put(recover, Map.of("location", "http://127.0.0.1:" + AtollProcess.freePort()
                + "/x.snapshot")), 400, "could not download");
        error(client().put(recover, Map.of("location", client().base() + "/collections/" + c
                + "/snapshots/none.snapshot")), 400, "HTTP 404");
        error(client().put(recover, Map.of("location", "file:///etc/passwd")), 400, "inside the snapshot directory");
        error(client().put(recover, Map.of("location", "ftp://example.com/x.snapshot")), 400, "http(s) URL");
        java.nio.file.Path link = SERVER.process().storage().resolve("snapshots").resolve("link.snapshot");
        java.nio.file.Files.deleteIfExists(link);
        java.nio.file.Files.createSymbolicLink(link, java.nio.file.Path.of("/etc/passwd"));
        error(client().put(recover, Map.of("location", link.toUri().toString())), 400, "inside the snapshot directory");
        error(client().put(recover, Map.of("location", self, "checksum", "0".repeat(64))), 400, "checksum mismatch");
        assertEquals(before, contents(c), "the collection must be unchanged");

        error(client().get("/collections/" + c + "/snapshots/none.snapshot"), 404);
        error(client().get("/collections/" + c + "/snapshots/..%2F..%2Fraft"), 404);
        error(client().delete("/collections/" + c + "/snapshots/none.snapshot"), 404);
        error(client().get("/collections/missing_collection/snapshots"), 404);
        error(client().post("/collections/missing_collection/snapshots", null), 404);
        error(client().post("/collections/" + c + "/shards/abc/snapshots", null), 400, "shard");
        error(client().post("/collections/" + c + "/shards/99/snapshots", null), 404, "Shard 99");
        error(client().get("/collections/" + c + "/shards/99/snapshot"), 404);
        error(client().put("/collections/" + c + "/shards/0/snapshots/recover", Map.of("location", "none.snapshot")),
                404);
        error(client().get("/snapshots/none.snapshot"), 404);
        // A collection snapshot is not a shard's, nor the other way round.
        error(client().put("/collections/" + c + "/shards/0/snapshots/recover", Map.of("location", self)), 400,
                "whole collection");
        String shard = ok(client().post("/collections/" + c + "/shards/0/snapshots", null)).get("name").asText();
        String shardUrl = client().base() + "/collections/" + c + "/shards/0/snapshots/" + shard;
        error(client().put(recover, Map.of("location", shardUrl)), 400, "snapshot of shard 0");
        assertEquals(before, contents(c), "the collection must be unchanged");
    }

    /**
     * One writer upserts points 1, 2, 3... one at a time, each waited for; a snapshot taken meanwhile holds the
     * points 1..k for one k: every write acknowledged before the snapshot was asked for, and none that was not yet
     * made when it answered.
     */
    @Test
    void aSnapshotUnderWritesHoldsExactlyTheWritesUpToOnePoint() throws Exception {
        String c = AtollServerExtension.collection("under_writes");
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1));
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger attempted = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                int id = attempted.incrementAndGet();
                ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points",
                        List.of(Map.of("id", id, "vector", List.of(1, id), "payload", Map.of("i", id))))));
                acked.set(id);
            }
        });
        QdrantApi.await("the writer's first 100 points", java.time.Duration.ofSeconds(60), () -> acked.get() >= 100);
        int ackedBefore = acked.get();
        JsonNode snapshot = ok(client().post("/collections/" + c + "/snapshots", null));
        int attemptedAfter = attempted.get();
        QdrantApi.await("20 points written after the snapshot", java.time.Duration.ofSeconds(60),
                () -> acked.get() >= attemptedAfter + 20);
        stop.set(true);
        writer.join();
        byte[] archive = SnapshotFiles.download(client().base() + "/collections/" + c + "/snapshots/"
                + snapshot.get("name").asText());
        String copy = c + "_copy";
        ok(upload(copy, "", archive));
        TreeMap<Long, String> restored = contents(copy);
        long k = restored.lastKey();
        assertEquals(k, restored.size(), "the snapshot holds 1.." + k + " with no gaps: " + restored.keySet());
        assertTrue(k >= ackedBefore, "every write acknowledged before the snapshot is in it: " + k + " < " + ackedBefore);
        assertTrue(k <= attemptedAfter, "no write made after the snapshot answered is in it: " + k + " > " + attemptedAfter);
        restored.forEach((id, v) -> assertTrue(v.startsWith("{\"i\":" + id + "}"), id + " holds " + v));
    }

    /** A collection named with any characters gets snapshots with plain names, which download. */
    @Test
    void aCollectionOfAnyNameHasSnapshotsThatDownload() {
        String c = "café au lait " + System.nanoTime();
        new QdrantApi(client()).createCollection(java.net.URLEncoder.encode(c, StandardCharsets.UTF_8)
                .replace("+", "%20"), Map.of("vectors", Map.of("size", 2, "distance", "Dot")));
        String path = "/collections/" + java.net.URLEncoder.encode(c, StandardCharsets.UTF_8).replace("+", "%20");
        String name = ok(client().post(path + "/snapshots", null)).get("name").asText();
        assertTrue(name.matches("[A-Za-z0-9._-]+"), name);
        assertTrue(SnapshotFiles.download(client().base() + path + "/snapshots/" + name).length > 0);
    }

    /** Snapshots taken at once (within the same second) get names of their own, each whole. */
    @Test
    void snapshotsTakenAtOnceAreEachWhole() throws Exception {
        String c = loaded("at_once", 4, 100);
        List<Thread> threads = new ArrayList<>();
        List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofPlatform().start(() -> names.add(ok(client().post("/collections/" + c
                    + "/snapshots", null)).get("name").asText())));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, new java.util.HashSet<>(names).size(), names.toString());
        for (JsonNode d : ok(client().get("/collections/" + c + "/snapshots"))) {
            byte[] bytes = SnapshotFiles.download(client().base() + "/collections/" + c + "/snapshots/"
                    + d.get("name").asText());
            assertEquals(d.get("checksum").asText(), java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
    }

    @Test
    void withoutWaitACreationAnswers202AndItsProgressIsReported() throws Exception {
        String c = loaded("no_wait", 4, 300);
        RestClient.Response r = client().post("/collections/" + c + "/snapshots?wait=false", null);
        assertEquals(202, r.status(), r.raw());
        assertEquals("accepted", r.json().get("status").asText());
        JsonNode task = null;
        for (int i = 0; i < 200 && task == null; i++) {
            for (JsonNode t : ok(client().get("/snapshots/tasks")).get("tasks")) {
                if (t.get("target").asText().equals(c) && t.get("status").asText().equals("succeeded")) {
                    task = t;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(task != null, "the creation is reported as it ends");
        assertEquals("create collection snapshot", task.get("kind").asText());
        assertTrue(task.at("/progress/total").asLong() > 0);
        assertEquals(task.at("/progress/total").asLong(), task.at("/progress/done").asLong());
        assertEquals("bytes", task.at("/progress/unit").asText());
        assertEquals(1, ok(client().get("/collections/" + c + "/snapshots")).size());
        assertTrue(ok(client().get("/snapshots/tasks")).get("used_bytes").asLong() > 0);
    }
}
