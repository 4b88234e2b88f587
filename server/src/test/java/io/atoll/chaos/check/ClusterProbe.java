package io.atoll.chaos.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches every ready node through the whole run and checks two invariants:
 * <ul>
 *   <li>terms never decrease: a node's Raft term, and the primary term of each shard of the watched collections
 *       as that node sees it, only go up (across its restarts too);</li>
 *   <li>metadata images agree: any two nodes that report the same applied Raft index report the same image
 *       (GET /cluster/metadata), and once the cluster has settled every node reaches the same index.</li>
 * </ul>
 * Only nodes that answer /readyz are asked, since a node still replaying its log may show an older state.
 */
public final class ClusterProbe implements AutoCloseable {
    private static final long PERIOD_MS = 400;

    private final ChaosWorld world;
    private final List<String> collections;
    private final Map<String, Long> terms = new ConcurrentHashMap<>();
    private final Map<Long, String> imageAt = new ConcurrentHashMap<>();
    private final Set<Long> reportedIndices = ConcurrentHashMap.newKeySet();
    private volatile boolean stop;
    private final Thread thread;
    private long samples;

    public ClusterProbe(ChaosWorld world, List<String> collections) {
        this.world = world;
        this.collections = List.copyOf(collections);
        this.thread = Thread.ofPlatform().name("cluster-probe").daemon().start(this::loop);
    }

    private void loop() {
        while (!stop) {
            for (int node : world.upMembers()) {
                try {
                    sample(node, world.client(node));
                } catch (RuntimeException e) {
                    // the node is being killed, paused or cut off: the next round asks again
                }
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(int node, RestClient c) {
        if (c.get("/readyz").status() != 200) {
            return;
        }
        RestClient.Response cluster = c.get("/cluster");
        if (cluster.status() == 200) {
            monotonic("node " + node + " raft term", cluster.result().path("raft_info").path("term").asLong());
        }
        RestClient.Response meta = c.get("/cluster/metadata");
        if (meta.status() == 200) {
            image(node, meta.result().get("applied_index").asLong(), meta.result().get("sha256").asText());
        }
        for (String collection : collections) {
            RestClient.Response r = c.get("/collections/" + collection + "/cluster");
            if (r.status() != 200) {
                continue;
            }
            for (String side : List.of("local_shards", "remote_shards")) {
                for (JsonNode s : r.result().path(side)) {
                    monotonic("node " + node + " " + collection + " shard " + s.get("shard_id").asInt() + " term",
                            s.get("term").asLong());
                }
            }
        }
        samples++;
    }

    private void monotonic(String what, long term) {
        Long before = terms.put(what, term);
        if (before != null && term < before) {
            world.findings().add(Findings.TERMS, what + " went from " + before + " to " + term);
            terms.put(what, before);
        }
    }

    private void image(int node, long index, String sha) {
        String first = imageAt.putIfAbsent(index, sha + " (node " + node + ")");
        if (first != null && !first.startsWith(sha) && reportedIndices.add(index)) {
            world.findings().add(Findings.METADATA, "at applied index " + index + " node " + node + " has image "
                    + sha + " but " + first);
        }
    }

    /**
     * Stops watching, then waits until every up member reports the same applied index and compares their images
     * once more; a cluster that never converges is a finding.
     */
    public void finish(Duration timeout) {
        stop = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> last = Map.of();
        while (System.nanoTime() < deadline) {
            Map<Integer, String> now = new TreeMap<>();
            Map<Integer, Long> indices = new HashMap<>();
            for (int node : world.upMembers()) {
                try {
                    RestClient.Response m = world.patientClient(node).get("/cluster/metadata");
                    if (m.status() == 200) {
                        indices.put(node, m.result().get("applied_index").asLong());
                        now.put(node, m.result().get("applied_index").asLong() + " " + m.result().get("sha256").asText());
                    }
                } catch (RuntimeException e) {
                    // asked again below
                }
            }
            last = now;
            if (now.size() == world.upMembers().size() && Set.copyOf(now.values()).size() == 1) {
                return;
            }
            if (now.size() == world.upMembers().size() && Set.copyOf(indices.values()).size() == 1) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        world.findings().add(Findings.METADATA, "nodes did not converge on one image: " + last.entrySet().stream()
                .map(e -> "node " + e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    public long samples() {
        return samples;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
