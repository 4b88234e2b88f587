package io.atoll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Online resharding on a local 3-node cluster (issue 13's benchmark): a collection of N points in 4 shards is
 * resharded to 5 from one call, and three ratios measured in the same run are printed: the points moved ÷ all
 * points (jump consistent hash's optimum is 1/5), the resharding's duration ÷ the time importing N points took
 * through REST (Weaviate puts resharding at about the cost of importing what moves), and search QPS during the
 * resharding ÷ before it (one client, the same queries).
 */
final class ReshardingBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "reshard";

    private final List<ServerProcess> nodes = new ArrayList<>();
    private final NodeCalls calls = new NodeCalls(nodes);

    static ObjectNode run(Dataset data, int points, int batch, Path work) throws Exception {
        try (Cleanup cleanup = new Cleanup()) {
            return new ReshardingBench().measure(data, points, batch, work, cleanup);
        }
    }

    private ObjectNode measure(Dataset data, int points, int batch, Path work, Cleanup cleanup) throws Exception {
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createDirectories(work.resolve("node-" + i));
            nodes.add(ServerProcess.start(dir.resolve("storage"), dir.resolve("node.log"), cleanup, "-Xmx2g",
                    i == 0 ? null : nodes.getFirst().peerUrl()));
        }
        RestTarget target = new RestTarget(nodes.getFirst());
        target.createCollection(C, data.dimension(), 4, 1);
        Ingest.Result imported = Ingest.run(target, C, data, points, batch);
        quiet();
        SearchLoad searches = new SearchLoad(target, C, data, 64);
        SearchLoad.Result before = searches.runCount(1000, 1);

        long start = System.nanoTime();
        call("POST", "/collections/" + C + "/cluster", Map.of("start_resharding", Map.of("direction", "up")));
        // Polled on a thread of its own, so the searches measured do not wait for it.
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = Thread.ofVirtual().start(() -> {
            while (resharding()) {
                sleep(100);
            }
            running.set(false);
        });
        SearchLoad.Result during = searches.runWhile(running::get, 1);
        poller.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long moved = pointsOfShard(4);
        long total = call("POST", "/collections/" + C + "/points/count", Map.of("exact", true))
                .get("result").get("count").asLong();

        double movedFraction = (double) moved / total;
        double durationRatio = seconds / imported.wallSeconds();
        double qpsRatio = during.qps() / before.qps();
        System.out.printf(Locale.ROOT, "%nResharding %,d points (%d dimensions) from 4 to 5 shards, 3 nodes on this "
                + "machine%n%n", points, data.dimension());
        System.out.println("| measure | value | ratio |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| points moved | %,d of %,d | %.3f of all (optimum 0.200) |%n", moved, total,
                movedFraction);
        System.out.printf(Locale.ROOT, "| resharding, one call to finished | %.1f s | %.2f of the import (%.1f s "
                + "for %,d points, batches of %d) |%n", seconds, durationRatio, imported.wallSeconds(), points, batch);
        System.out.printf(Locale.ROOT, "| search QPS, 1 client, ef 64 | %.0f before, %.0f during | %.2f during ÷ "
                + "before |%n", before.qps(), during.qps(), qpsRatio);
        System.out.printf(Locale.ROOT, "| recall@10 | %.3f before, %.3f during | |%n", before.recall(),
                during.recall());
        if (total != points) {
            System.out.printf(Locale.ROOT, "%nWARNING: the collection counts %,d points after resharding, not %,d%n",
                    total, points);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("points", points).put("points_after", total).put("points_moved", moved)
                .put("moved_fraction", movedFraction).put("reshard_seconds", seconds)
                .put("import_seconds", imported.wallSeconds()).put("reshard_over_import", durationRatio)
                .put("qps_before", before.qps()).put("qps_during", during.qps()).put("qps_during_over_before",
                        qpsRatio).put("recall_before", before.recall()).put("recall_during", during.recall());
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean resharding() {
        try {
            return call("GET", "/collections/" + C + "/cluster", null).get("result").has("resharding_operations");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The points of shard {@code shard}, counted on the node that holds it. */
    private long pointsOfShard(int shard) throws IOException {
        for (int i = 0; i < nodes.size(); i++) {
            for (JsonNode s : call(i, "GET", "/collections/" + C + "/cluster", null).get("result").get("local_shards")) {
                if (s.get("shard_id").asInt() == shard) {
                    return s.get("points_count").asLong();
                }
            }
        }
        throw new IOException("no node holds shard " + shard);
    }

    /** Waits until the nodes' CPU use settles (merges after the import), so the baseline is not disturbed. */
    private void quiet() {
        Settle.awaitQuiet(nodes.stream().<java.util.function.Supplier<Duration>>map(n -> n::cpuTime).toList(),
                "the cluster", Duration.ofMinutes(3));
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        return calls.call(0, method, path, body);
    }

    private JsonNode call(int node, String method, String path, Object body) throws IOException {
        return calls.call(node, method, path, body);
    }
}
