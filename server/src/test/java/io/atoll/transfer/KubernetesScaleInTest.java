package io.atoll.transfer;

import static io.atoll.transfer.ShardTransferTest.assertReplicasAgree;
import static io.atoll.transfer.ShardTransferTest.indexOf;
import static io.atoll.transfer.ShardTransferTest.loadPoints;
import static io.atoll.transfer.ShardTransferTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.atoll.deploy.KubernetesManifestsTest;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L3, issue 14: the scale-in sequence of the Kubernetes manifests on local processes. The pod's pre-stop script,
 * taken from the manifest's ConfigMap as it is, asks a stand-in for the Kubernetes API (the StatefulSet's desired
 * replicas) and, when its pod is scaled away, drains the node through {@code ./atoll nodes drain self --wait}
 * (primaries included) and removes it without force, under writes: no client write fails and nothing
 * acknowledged is lost. When the pod only restarts, the script leaves the node as it is.
 */
class KubernetesScaleInTest {
    @TempDir
    Path dir;

    /** Runs the pre-stop script as pod {@code pod} against {@code node}, the API answering {@code replicas}. */
    private static String preStop(Path dir, String pod, RestClient node, AtomicInteger replicas)
            throws IOException, InterruptedException {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/apis/apps/v1/namespaces/default/statefulsets/atoll/scale", ex -> {
            byte[] body = ("{\"kind\": \"Scale\", \"spec\": {\"replicas\": " + replicas.get()
                    + "}, \"status\": {\"replicas\": 4}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        try {
            Path script = dir.resolve("pre-stop.sh");
            Files.writeString(script, KubernetesManifestsTest.script("pre-stop.sh"));
            Path out = dir.resolve("pre-stop.out");
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            String java = ProcessHandle.current().info().command().orElse("java");
            pb.environment().putAll(Map.of("POD_NAME", pod, "POD_NAMESPACE", "default", "STATEFULSET", "atoll",
                    "KUBERNETES_API", "http://127.0.0.1:" + api.getAddress().getPort(),
                    "SERVICEACCOUNT_DIR", dir.resolve("no-service-account").toString(), "ATOLL_URL", node.base(),
                    "ATOLL_CLI", java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
                            + " io.atoll.server.Main"));
            Process p = pb.start();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the pre-stop script did not end");
            String printed = Files.readString(out);
            assertEquals(0, p.exitValue(), printed);
            return printed;
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aPodScaledAwayDrainsAndLeavesWithoutForceAndARestartedOneStays() throws Exception {
        try (TestCluster cluster = start(dir, 3, "")) {
            RestClient via = cluster.node(0).client();
            assertEquals(200, via.put("/collections/c", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 3, "replication_factor", 2)).status());
            loadPoints(via, 1, 3001);
            long leaving = Layout.of(via, "c").primaries().get(0);
            int leavingIndex = indexOf(cluster, leaving);
            RestClient node = cluster.node(leavingIndex).client();
            RestClient other = cluster.node((leavingIndex + 1) % 3).client();
            AtomicInteger replicas = new AtomicInteger(3);
            String pod = "atoll-2";
            // Clients write through the nodes that stay (the one scaled away stops serving when it leaves).
            try (Workload w = new Workload(cluster, 3, 1_000_000, List.of((leavingIndex + 1) % 3, (leavingIndex + 2) % 3))) {
                String stays = preStop(dir, pod, node, replicas);
                assertTrue(stays.contains("pod atoll-2 stays in the cluster (desired replicas: 3)"), stays);
                assertEquals("not_draining", node.get("/cluster/peer/" + leaving + "/drain").result().get("state")
                        .asText());

                replicas.set(2);
                String printed = preStop(dir, pod, node, replicas);
                assertTrue(printed.contains("draining it") && printed.contains("draining")
                        && printed.contains("done, 0 replicas left") && printed.contains("peer " + leaving + " removed"),
                        printed);
                w.close();
                assertTrue(w.failures.isEmpty(), w.failures.size() + " client writes failed: " + w.failures.stream().limit(3).toList());
                w.assertNothingLost(other);
            }
            assertFalse(other.get("/cluster").result().get("peers").has(Long.toString(leaving)), "the node left");
            Layout after = Layout.of(other, "c");
            assertTrue(after.allActive(2) && after.states().values().stream().noneMatch(m -> m.containsKey(leaving)),
                    after.toString());
            cluster.kill9(leavingIndex);
            assertReplicasAgree(cluster, other);
        }
    }
}
