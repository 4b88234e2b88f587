package io.atoll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebalancing after a node joins (issue 14's benchmark). Three nodes hold N points in 6 shards at replication
 * factor 2 (4 replicas each); a fourth joins with the rebalancer switched off. The baseline: one snapshot
 * transfer, to the new node, of a one-shard collection holding N/2 points, the data of the 3 shards the new node
 * should get. Then the rebalancer is switched on and timed until the cluster is settled and even again. Printed,
 * from the same run: the rebalance time ÷ the baseline's (and the bytes each sent), and the transfers made ÷ the
 * fewest that can even out the replicas.
 */
final class RebalanceBench {
    private static final String C = "rebalance";
    private static final String BASE = "baseline";
    /** What transfers sent: copied points (stream_records) and snapshot files. */
    private static final Pattern BYTES = Pattern.compile(
            "(?m)^atoll_transfer_(?:bytes_copied|snapshot_bytes_sent)_total ([0-9.eE+]+)$");

    private final List<ServerProcess> nodes = new ArrayList<>();
    private final NodeCalls calls = new NodeCalls(nodes);

    static ObjectNode run(Dataset data, int points, int batch, Path work) throws Exception {
        try (Cleanup cleanup = new Cleanup()) {
            return new RebalanceBench().measure(data, points, batch, work, cleanup);
        }
    }

    private ObjectNode measure(Dataset data, int points, int batch, Path work, Cleanup cleanup) throws Exception {
        for (int i = 0; i < 3; i++) {
            start(work, i, cleanup);
        }
        RestTarget target = new RestTarget(nodes.getFirst());
        target.createCollection(C, data.dimension(), 6, 2);
        Ingest.run(target, C, data, points, batch);
        target.createCollection(BASE, data.dimension(), 1, 1);
        Ingest.run(target, BASE, data, points / 2, batch);
        call("PUT", "/cluster/rebalance", Map.of("enabled", false));
        start(work, 3, cleanup);
        long newPeer = calls.call(3, "GET", "/cluster", null).get("result").get("peer_id").asLong();
        quiet();

        long holder = call("GET", "/collections/" + BASE + "/cluster", null).get("result").path("remote_shards")
                .path(0).path("peer_id").asLong(selfPeer());
        double bytes0 = bytesSent();
        long t0 = System.nanoTime();
        call("POST", "/collections/" + BASE + "/cluster", Map.of("replicate_shard", Map.of("shard_id", 0,
                "from_peer_id", holder, "to_peer_id", newPeer, "method", "snapshot")));
        await(() -> call("GET", "/collections/" + BASE + "/cluster", null).get("result").get("shard_transfers")
                .isEmpty());
        double snapshotSeconds = (System.nanoTime() - t0) / 1e9;
        double snapshotMB = (bytesSent() - bytes0) / 1e6;
        call("DELETE", "/collections/" + BASE, null);
        quiet();

        JsonNode before = call("GET", "/cluster/rebalance", null).get("result");
        int minimum = minimumMoves(before.get("replicas_per_peer"));
        double bytes1 = bytesSent();
        long t1 = System.nanoTime();
        call("PUT", "/cluster/rebalance", Map.of("enabled", true));
        await(() -> {
            JsonNode r = call("GET", "/cluster/rebalance", null).get("result");
            return r.get("waiting_for").isNull() && r.get("plan").isEmpty();
        });
        double rebalanceSeconds = (System.nanoTime() - t1) / 1e9;
        double rebalanceMB = (bytesSent() - bytes1) / 1e6;
        JsonNode after = call("GET", "/cluster/rebalance", null).get("result");
        int made = 0;
        for (JsonNode op : call("GET", "/cluster/metadata", null).get("result").get("image").get("operations")) {
            made += op.get("origin").asText().equals("REBALANCE") ? 1 : 0;
        }
        long total = call("POST", "/collections/" + C + "/points/count", Map.of("exact", true)).get("result")
                .get("count").asLong();

        System.out.printf(Locale.ROOT, "%nRebalancing after a 4th node joins: %,d points (%d dimensions) in 6 shards "
                + "at replication factor 2, on this machine%n%n", points, data.dimension());
        System.out.println("| measure | value | ratio |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| rebalance, switched on to settled | %.1f s, %.1f MB sent | %.2f of the "
                        + "baseline's time, %.2f of its time per MB |%n", rebalanceSeconds, rebalanceMB,
                rebalanceSeconds / snapshotSeconds, (rebalanceSeconds / rebalanceMB) / (snapshotSeconds / snapshotMB));
        System.out.printf(Locale.ROOT, "| baseline: one snapshot transfer of %,d points | %.1f s, %.1f MB sent | |%n",
                points / 2, snapshotSeconds, snapshotMB);
        System.out.printf(Locale.ROOT, "| transfers the rebalancer made | %d (fewest possible %d) | %.2f of the "
                + "fewest |%n", made, minimum, (double) made / minimum);
        System.out.printf(Locale.ROOT, "| replicas per node, before and after | %s -> %s | |%n",
                before.get("replicas_per_peer").toString(), after.get("replicas_per_peer").toString());
        System.out.printf(Locale.ROOT, "| primaries per node after | %s | |%n", after.get("primaries_per_peer"));
        if (total != points) {
            System.out.printf(Locale.ROOT, "%nWARNING: the collection counts %,d points, not %,d%n", total, points);
        }
        ObjectNode out = NodeCalls.JSON.createObjectNode();
        out.put("points", points).put("points_after", total).put("rebalance_seconds", rebalanceSeconds)
                .put("rebalance_mb", rebalanceMB).put("snapshot_seconds", snapshotSeconds).put("snapshot_mb", snapshotMB)
                .put("rebalance_over_snapshot", rebalanceSeconds / snapshotSeconds).put("transfers_made", made)
                .put("transfers_minimum", minimum);
        out.set("replicas_before", before.get("replicas_per_peer"));
        out.set("replicas_after", after.get("replicas_per_peer"));
        out.set("primaries_after", after.get("primaries_per_peer"));
        return out;
    }

    /** The fewest moves that leave every node within one replica of the others: the excess over the ceiling share. */
    static int minimumMoves(JsonNode perPeer) {
        int total = 0;
        List<Integer> counts = new ArrayList<>();
        perPeer.forEach(n -> counts.add(n.asInt()));
        for (int c : counts) {
            total += c;
        }
        int ceiling = (total + counts.size() - 1) / counts.size();
        int moves = 0;
        for (int c : counts) {
            moves += Math.max(0, c - ceiling);
        }
        return Math.max(moves, 1);
    }

    private void start(Path work, int i, Cleanup cleanup) throws IOException {
        Path dir = Files.createDirectories(work.resolve("node-" + i));
        nodes.add(ServerProcess.start(dir.resolve("storage"), dir.resolve("node.log"), cleanup, "-Xmx2g",
                i == 0 ? null : nodes.getFirst().peerUrl()));
    }

    private long selfPeer() throws IOException {
        return call("GET", "/cluster", null).get("result").get("peer_id").asLong();
    }

    private double bytesSent() throws IOException {
        double sum = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Matcher m = BYTES.matcher(calls.metrics(i));
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    private interface Check {
        boolean done() throws IOException;
    }

    private static void await(Check check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("not settled within 30 minutes");
            }
            Thread.sleep(100);
        }
    }

    private void quiet() {
        Settle.awaitQuiet(nodes.stream().<java.util.function.Supplier<Duration>>map(n -> n::cpuTime).toList(),
                "the cluster", Duration.ofMinutes(3));
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        return calls.call(0, method, path, body);
    }
}
