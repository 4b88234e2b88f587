package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.atoll.chaos.ChaosLauncher;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.SnapshotFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recovery that fills the node's own disk: the node's snapshot directory is a 1 MiB tmpfs (in a mount namespace
 * of its own, so it needs root, as the fault-injection tests do), and a snapshot larger than that is uploaded. The
 * answer is a 500 that names the disk, the collection holds what it held, and the space is given back.
 */
class SnapshotDiskFullTest {
    @TempDir
    Path dir;

    @Test
    void aRecoveryThatFillsTheDiskIs500AndChangesNothing() throws Exception {
        assertNull(ChaosLauncher.unsupported());
        byte[] archive;
        try (AtollProcess source = AtollProcess.start(dir.resolve("source"))) {
            load(source, "c", 3_000);
            String name = ok(source.client().post("/collections/c/snapshots", null)).get("name").asText();
            archive = SnapshotFiles.download(source.url() + "/collections/c/snapshots/" + name);
        }
        Path snapshots = Files.createDirectories(dir.resolve("small-disk"));
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "storage:\n  snapshots_path: " + snapshots + "\n");
        AtollProcess.Launch loopback = AtollProcess.Launch.loopback();
        AtollProcess.Launch onSmallDisk = new AtollProcess.Launch(loopback.host(), loopback.httpPort(),
                loopback.grpcPort(), loopback.p2pPort(), List.of("unshare", "--mount", "--propagation", "private",
                "--", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs '" + snapshots + "' && exec \"$@\"", "sh"));
        try (AtollProcess node = AtollProcess.launch(dir.resolve("node"), onSmallDisk,
                List.of("--config", config.toString()))) {
            node.awaitReady(java.time.Duration.ofSeconds(90));
            load(node, "c", 100);
            long before = count(node);
            assertEquals(100, before);
            error(SnapshotFiles.upload(node.url() + "/collections/c/snapshots/upload?priority=snapshot", archive), 500,
                    "No space left on device");
            assertEquals(before, count(node), "the collection is unchanged");
            assertEquals(0, ok(node.client().get("/snapshots/tasks")).get("used_bytes").asLong(),
                    "what was received is deleted");
        }
    }

    private static void load(AtollProcess node, String c, int points) {
        ok(node.client().put("/collections/" + c, Map.of("vectors", Map.of("size", 128, "distance", "Dot"))));
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= points; i++) {
            List<Integer> v = new ArrayList<>();
            for (int d = 0; d < 128; d++) {
                v.add((i * 31 + d) % 97);
            }
            batch.add(Map.of("id", i, "vector", v));
        }
        ok(node.client().put("/collections/" + c + "/points?wait=true", Map.of("points", batch)));
    }

    private static long count(AtollProcess node) {
        return ok(node.client().post("/collections/c/points/count", Map.of("exact", true))).get("count").asLong();
    }
}
