package io.atoll.cli;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atoll replicas} against a real three-node cluster whose collection {@code c} has one shard with one
 * replica and some thousands of points. Each test moves that replica to a node that holds none, with a transfer
 * rate limit that makes the transfer last a few seconds, so that its progress is seen. The tests share one
 * cluster (starting one takes longer than a test); each finds where the replica is when it starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasCommandClusterTest {
    private static final int POINTS = 3_000;
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    // static: an instance field is filled only after @BeforeAll has run
    @TempDir
    static Path dir;

    private TestCluster cluster;

    @BeforeAll
    void startCluster() throws IOException {
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, "cluster:\n  dead_after_ms: 2000\n  replication_timeout_ms: 1500\n");
        cluster = TestCluster.start(dir, 3, "--config", config.toString());
        RestClient c = cluster.node(0).client();
        RestClient.Response created = c.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 1, "replication_factor", 1));
        assertEquals(200, created.status(), created.toString());
        for (long start = 1; start <= POINTS; start += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (long id = start; id < Math.min(POINTS + 1, start + 500); id++) {
                batch.add(Map.of("id", id, "vector", List.of(id % 100, 1), "payload", Map.of("v", id)));
            }
            RestClient.Response r = c.put("/collections/c/points?wait=true", Map.of("points", batch));
            assertEquals(200, r.status(), r.toString());
        }
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The peer holding shard 0's only replica, as node 0 sees it. */
    private long holder() {
        JsonNode r = cluster.node(0).client().get("/collections/c/cluster").result();
        return r.get("local_shards").isEmpty() ? r.get("remote_shards").get(0).get("peer_id").asLong()
                : r.get("peer_id").asLong();
    }

    private long otherThan(long peer) {
        return IntStream.range(0, cluster.size()).mapToLong(cluster::peerId).filter(p -> p != peer).findFirst()
                .orElseThrow();
    }

    /** Node 0 applies the metadata that says where the replica is a moment after the operation is READY. */
    private void awaitHolder(long peer) {
        cluster.await(Duration.ofSeconds(30), "node 0 sees shard 0's replica on peer " + peer, () -> holder() == peer);
    }

    /** Every node's outgoing transfers share {@code bytesPerSecond} (0: unlimited). */
    private void limitTransfers(long bytesPerSecond) {
        for (int i = 0; i < cluster.size(); i++) {
            RestClient.Response r = cluster.node(i).client().put("/cluster/transfer_rate_limit",
                    Map.of("bytes_per_sec", bytesPerSecond));
            assertEquals(200, r.status(), r.toString());
        }
    }

    private String url(int node) {
        return cluster.node(node).url();
    }

    @Test
    void moveWaitFollowsTheOperationToReadyAndListAndStatusShowIt() throws Exception {
        long from = holder();
        long to = otherThan(from);
        Cli.Result move;
        // ~180 kB of copied points (as the transfer encodes them) at 20 kB/s: several of the transfer's checkpoints
        // (every 2 s) show part way; at 60 kB/s a fast machine finished between two of them
        limitTransfers(20_000);
        try {
            move = Cli.run(CLI_TIMEOUT, "move", "--url", url(0), "--collection", "c", "--shard", "0",
                    "--from", Long.toString(from), "--to", Long.toString(to), "--method", "stream_records", "--wait");
        } finally {
            limitTransfers(0);
        }
        assertEquals(0, move.exit(), move.toString());
        String id = move.out().lines().findFirst().orElseThrow();
        assertEquals(id, UUID.fromString(id).toString(), "the first line is the operation's id: " + move);
        String label = "move c/0 " + from + " -> " + to + " [" + id.substring(0, 8) + "]: ";
        for (String step : List.of("REGISTERED", "REGISTERED -> HYDRATING", "HYDRATING -> FINALIZING",
                "FINALIZING -> DEHYDRATING", "DEHYDRATING -> READY")) {
            assertTrue(move.out().contains(label + step), "no line '" + label + step + "' in\n" + move);
        }
        assertTrue(move.out().lines().anyMatch(l -> l.startsWith(label + "transferring (stream_records")
                && l.matches(".*\\d+% \\d+/" + POINTS + " points \\d+ points/s ETA .*")), "no progress line in\n" + move);
        assertTrue(move.out().contains(label + "transfer done, 100% of " + POINTS + " points"), move.toString());
        awaitHolder(to);

        // Another node answers the same about the operation.
        Cli.Result list = Cli.run("list", "--url", url(1), "--collection", "c");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("MOVE") && l.contains(" READY ")
                && l.contains(from + " -> " + to)), list.toString());

        Cli.Result status = Cli.run("status", id, "--url", url(2), "--history");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("state:         READY"), status.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.strip().startsWith("HYDRATING")), status.toString());

        Cli.Result json = Cli.run("status", id, "--url", url(1), "--json");
        assertEquals(0, json.exit(), json.toString());
        assertEquals("READY", RestClient.parse(json.out()).path("status").path("state").asText(), json.toString());

        Cli.Result watch = Cli.run("status", id, "--url", url(0), "--watch");
        assertEquals(0, watch.exit(), "a finished READY operation watched ends at once with 0: " + watch);

        // A READY operation can no longer be cancelled: the server refuses, the command exits 1 with its message.
        Cli.Result cancel = Cli.run("cancel", id, "--url", url(0));
        assertEquals(1, cancel.exit(), cancel.toString());
        assertTrue(cancel.err().contains("HTTP 409"), cancel.toString());
        Cli.Result missing = Cli.run("status", UUID.randomUUID().toString(), "--url", url(0));
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("HTTP 404"), missing.toString());
    }

    @Test
    void onATerminalTheProgressBarGoesLiveToOneHundredPercent() throws Exception {
        Tmux.assumeInstalled();
        long from = holder();
        long to = otherThan(from);
        // Progress comes from the transfer's checkpoints, recorded every 2 s, and a small snapshot ships in a few
        // pieces: at 20 kB/s its ~130 kB take long enough for a checkpoint part way to be seen.
        limitTransfers(20_000);
        try (Tmux tmux = Tmux.start(dir, 200, 50, Cli.command("move", "--url", url(0), "--collection", "c",
                "--shard", "0", "--from", Long.toString(from), "--to", Long.toString(to), "--wait"))) {
            Tmux.Run run = tmux.awaitExit(CLI_TIMEOUT);
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.screens().stream().anyMatch(s -> Tmux.barLine(s, p -> p > 0 && p < 100).isPresent()),
                    "a bar was seen part way:\n" + run);
            String bar = Tmux.barLine(run.last(), p -> p == 100).orElseThrow(
                    () -> new AssertionError("no bar at 100% at the end:\n" + run));
            assertTrue(bar.contains("KiB"), "a snapshot's bar counts bytes: " + bar);
            assertTrue(run.last().contains("DEHYDRATING -> READY"), run.toString());
        } finally {
            limitTransfers(0);
        }
        awaitHolder(to);
    }
}
