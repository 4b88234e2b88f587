package io.atoll.cli;

import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.AtollProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atoll snapshots} as its own process against a real node: create (with progress), list, download to a
 * file, recover a new collection by uploading that file, delete; and its usage and refusals with their exit codes.
 */
class SnapshotsCommandTest {
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void createListDownloadRecoverAndDeleteThroughTheCommandLine() throws Exception {
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            String url = node.url();
            ok(node.client().put("/collections/c", Map.of("vectors", Map.of("size", 8, "distance", "Dot"),
                    "shard_number", 2)));
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 1; i <= 2_000; i++) {
                points.add(Map.of("id", i, "vector", List.of(i % 9, 1, 2, 3, 4, 5, 6, 7), "payload", Map.of("i", i)));
            }
            ok(node.client().put("/collections/c/points?wait=true", Map.of("points", points)));

            Cli.Result created = Cli.atoll(CLI_TIMEOUT, "snapshots", "create", "--url", url, "--collection", "c");
            assertEquals(0, created.exit(), created.toString());
            assertTrue(created.out().contains("creating c (writing)"), "progress is shown: " + created);
            String name = created.out().lines().filter(l -> l.startsWith("created ")).findFirst().orElseThrow()
                    .split(" ")[1];
            Cli.Result listed = Cli.atoll(CLI_TIMEOUT, "snapshots", "list", "--url", url, "--collection", "c");
            assertTrue(listed.out().contains(name), listed.toString());

            Path file = dir.resolve("backup.snapshot");
            Cli.Result downloaded = Cli.atoll(CLI_TIMEOUT, "snapshots", "download", name, "--url", url,
                    "--collection", "c", "-o", file.toString());
            assertEquals(0, downloaded.exit(), downloaded.toString());
            assertEquals(ok(node.client().get("/collections/c/snapshots")).get(0).get("size").asLong(), Files.size(file));

            Cli.Result recovered = Cli.atoll(CLI_TIMEOUT, "snapshots", "recover", "--url", url, "--collection",
                    "restored", "--file", file.toString());
            assertEquals(0, recovered.exit(), recovered.toString());
            assertTrue(recovered.out().contains("writing points"), "each stage is shown: " + recovered);
            assertEquals(2_000, ok(node.client().post("/collections/restored/points/count", Map.of("exact", true)))
                    .get("count").asLong());

            Cli.Result deleted = Cli.atoll(CLI_TIMEOUT, "snapshots", "delete", name, "--url", url, "--collection", "c");
            assertEquals(0, deleted.exit(), deleted.toString());
            assertEquals(0, ok(node.client().get("/collections/c/snapshots")).size());

            Cli.Result refused = Cli.atoll(CLI_TIMEOUT, "snapshots", "recover", "--url", url, "--collection", "c",
                    "--location", "file:///etc/passwd");
            assertEquals(ExitCodes.REFUSED, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("inside the snapshot directory"), refused.toString());
            Cli.Result usage = Cli.atoll(CLI_TIMEOUT, "snapshots", "list", "--url", url, "--collection", "c", "--full");
            assertEquals(2, usage.exit(), usage.toString());
        }
    }
}
