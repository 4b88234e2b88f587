package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.testing.AtollProcess;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weaviate's official JS client ({@code weaviate-client}, pinned in clients/js/package.json) against a real
 * three-node Atoll cluster: clients/js/weaviate-client-cluster.test.mjs connects (meta and the gRPC health check),
 * lists the nodes and the sharding state, and copies, moves, cancels and deletes replication operations through
 * {@code client.cluster}. Needs {@code node} and {@code npm} on the PATH (see {@link JsClientScripts}).
 */
class WeaviateJsClientTest {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(90);
    private static final String SCRIPT = "clients/js/weaviate-client-cluster.test.mjs";
    private static final String COLLECTION = "Articles";
    // Two shards of two replicas on three nodes: every shard lacks one node, so each can be copied or moved there.
    // 1,000 points of 128 dimensions make a shard's snapshot about 280 KB: a copy throttled to 20 KB/s (the
    // script's cancel) hydrates for over ten seconds, while the unthrottled ones take about a second.
    private static final int POINTS = 1_000;
    private static final int DIM = 128;

    @TempDir
    Path dir;

    @Test
    void officialJsClientCopiesMovesAndCancelsReplicas() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 3)) {
            // A follower, so that every change the client asks for is forwarded to the leader.
            int entry = (cluster.leaderIndex() + 1) % cluster.size();
            AtollProcess node = cluster.node(entry);
            QdrantApi api = new QdrantApi(node.client());
            api.createCollection(COLLECTION, Map.of("vectors", Map.of("size", DIM, "distance", "Cosine"),
                    "shard_number", 2, "replication_factor", 2));
            for (int from = 0; from < POINTS; from += 500) {
                api.upsert(COLLECTION, points(from, Math.min(POINTS, from + 500)));
            }
            assertEquals(POINTS, api.count(COLLECTION));

            List<Integer> order = new ArrayList<>(List.of(entry));
            IntStream.range(0, cluster.size()).filter(i -> i != entry).forEach(order::add);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ATOLL_URLS", order.stream().map(i -> cluster.node(i).url()).collect(Collectors.joining(",")));
            env.put("ATOLL_GRPC_PORT", Integer.toString(node.grpcPort()));
            // A node's name is its peer id in decimal unless it is given one.
            env.put("ATOLL_NODES", IntStream.range(0, cluster.size()).mapToObj(i -> Long.toString(cluster.peerId(i)))
                    .collect(Collectors.joining(",")));
            env.put("ATOLL_COLLECTION", COLLECTION);
            env.put("ATOLL_POINTS", Integer.toString(POINTS));
            js.run(SCRIPT, env, TEST_TIMEOUT, () -> cluster.describe() + logTails(cluster));
        }
    }

    /** Points {@code from} (inclusive) to {@code to}, ids from 1, with vectors that differ and are never zero. */
    private static List<Map<String, Object>> points(int from, int to) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            float[] v = new float[DIM];
            for (int j = 0; j < DIM; j++) {
                v[j] = 0.01f + ((i * 31 + j * 17) % 101) / 101f;
            }
            out.add(Map.of("id", i + 1, "vector", v, "payload", Map.of("title", "article " + (i + 1))));
        }
        return out;
    }

    private static String logTails(TestCluster cluster) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cluster.size(); i++) {
            s.append("---- node ").append(i).append(" log (tail) ----\n").append(cluster.node(i).logTail()).append('\n');
        }
        return s.toString();
    }
}
