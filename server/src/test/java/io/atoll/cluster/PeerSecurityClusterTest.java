package io.atoll.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import io.atoll.testing.TestPki;
import io.atoll.testing.TlsHandshakes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose peer port speaks mutual TLS ({@code cluster.p2p.enable_tls} with a CA): writes replicate and
 * transfers run over it; a process without a certificate the CA signed cannot join, nor call the peer port; and a
 * node's replaced certificate reaches new connections without a restart.
 */
class PeerSecurityClusterTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String JOIN = "atoll.peer.AtollPeer/Join";

    @TempDir
    Path dir;

    private static String config(TestPki.Leaf leaf, Path ca) {
        return "cluster:\n  p2p:\n    enable_tls: true\ntls:\n  cert: " + leaf.cert() + "\n  key: " + leaf.key()
                + "\n  ca_cert: " + ca + "\n  watch_interval_ms: 200\n";
    }

    @Test
    void peersSpeakMutualTlsAndStrangersAreRefused() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        List<TestPki.Leaf> leaves = new ArrayList<>();
        TestCluster.Launcher launcher = (index, storage, args) -> {
            TestPki.Leaf leaf = pki.leaf("node" + index);
            leaves.add(leaf);
            Path config = Files.writeString(dir.resolve("node" + index + ".yaml"), config(leaf, pki.caCert()));
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--config", config.toString()));
            return AtollProcess.launch(storage, all.toArray(String[]::new));
        };
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 3, launcher)) {
            RestClient rest = cluster.node(0).client();
            QdrantApi api = new QdrantApi(rest);
            api.createCollection("secure", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "shard_number", 2, "replication_factor", 2));
            List<Map<String, Object>> points = IntStream.range(0, 200).mapToObj(i -> Map.<String, Object>of("id", i,
                    "vector", List.of(1, i))).toList();
            api.upsert("secure", points);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, new QdrantApi(cluster.node(i).client()).count("secure"), "node " + i + " reads all");
            }
            snapshotTransferRunsOverTls(cluster, rest);

            strangersCannotJoin(pki, cluster);
            aReplacedCertificateReachesNewConnections(pki, leaves.getFirst(), cluster);
            api.upsert("secure", List.of(Map.of("id", 1000, "vector", List.of(0, 1))));
            for (int i = 0; i < 3; i++) {
                assertEquals(201, new QdrantApi(cluster.node(i).client()).count("secure"), "node " + i + " after rotation");
            }
        }
    }

    private static void snapshotTransferRunsOverTls(TestCluster cluster, RestClient rest) {
        Set<Long> holders = holders(rest, 0);
        long from = holders.iterator().next();
        long to = IntStream.range(0, 3).mapToLong(cluster::peerId).filter(p -> !holders.contains(p)).findFirst()
                .orElseThrow();
        assertEquals(200, rest.post("/collections/secure/cluster", Map.of("replicate_shard", Map.of("shard_id", 0,
                "from_peer_id", from, "to_peer_id", to, "method", "snapshot"))).status());
        QdrantApi.await("shard 0 copied to " + to + " by snapshot", SETTLE, () -> holders(rest, 0).contains(to)
                && rest.get("/collections/secure/cluster").result().get("shard_transfers").isEmpty());
    }

    /**
     * A node of another CA, and one with no TLS at all, try to join: neither gets in. The first refuses node 0's
     * certificate itself (TLS 1.3 shows the server's first). A client that trusts the cluster CA, showing another
     * CA's certificate or none, gets no call through: node 0 refuses it and logs it.
     */
    private void strangersCannotJoin(TestPki pki, TestCluster cluster) throws Exception {
        TestPki.Leaf foreign = pki.otherCa().leaf("stranger");
        Path config = Files.writeString(dir.resolve("stranger.yaml"), config(foreign, pki.otherCa().caCert()));
        AtollProcess node0 = cluster.node(0);
        try (AtollProcess stranger = AtollProcess.launch(dir.resolve("stranger"), "--config", config.toString(),
                "--bootstrap", node0.p2pUrl());
             AtollProcess plain = AtollProcess.launch(dir.resolve("plain"), "--bootstrap", node0.p2pUrl())) {
            QdrantApi.await("both strangers fail to join, and say why", SETTLE,
                    () -> stranger.logTail().contains("refused TLS handshake from")
                            && stranger.logTail().contains("joining through " + node0.p2pUrl() + " failed")
                            && plain.logTail().contains("joining through " + node0.p2pUrl() + " failed"));
            assertTrue(!ready(stranger) && !ready(plain), "neither stranger is serving");
        }
        // a client that trusts the cluster CA, with another CA's certificate or none: a join, a replicated write
        // and a Raft vote are all refused
        for (String method : List.of(JOIN, "atoll.peer.AtollPeer/Replicate", "ratis.grpc.RaftServerProtocolService/requestVote")) {
            String foreignCall = PeerPortProbe.call(node0.p2pUrl(), method, pki, foreign);
            assertTrue(Set.of("UNAUTHENTICATED", "UNAVAILABLE").contains(foreignCall), method + ": " + foreignCall);
            assertEquals("UNAUTHENTICATED", PeerPortProbe.call(node0.p2pUrl(), method, pki, null), method);
        }
        QdrantApi.await("node 0 logs the refused call", SETTLE,
                () -> node0.logTail().contains("refused peer call " + JOIN + " from"));
        assertEquals(3, rest(cluster).get("/cluster").result().get("peers").size(), "no one joined");
    }

    private static RestClient rest(TestCluster cluster) {
        return cluster.node(0).client();
    }

    private static boolean ready(AtollProcess p) {
        try {
            return p.client().get("/readyz").status() == 200;
        } catch (RuntimeException notListening) {
            return false;
        }
    }

    private static void aReplacedCertificateReachesNewConnections(TestPki pki, TestPki.Leaf leaf, TestCluster cluster)
            throws Exception {
        URI0 peer = URI0.of(cluster.node(0).p2pUrl());
        BigInteger before = TlsHandshakes.serial(peer.host(), peer.port(), pki, pki.leaf("probe"));
        // a new leaf for node 0, written beside and moved over its files, as an operator rotating would
        TestPki.Leaf fresh = pki.leaf("node0-renewed");
        Files.copy(fresh.key(), leaf.key(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fresh.cert(), leaf.cert(), StandardCopyOption.REPLACE_EXISTING);
        BigInteger expected = TlsHandshakes.certificate(fresh.cert()).getSerialNumber();
        assertNotEquals(before, expected);
        QdrantApi.await("node 0's peer port shows its new certificate", SETTLE, () -> {
            try {
                return expected.equals(TlsHandshakes.serial(peer.host(), peer.port(), pki, pki.leaf("probe")));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private record URI0(String host, int port) {
        static URI0 of(String url) {
            java.net.URI u = java.net.URI.create(url);
            return new URI0(u.getHost(), u.getPort());
        }
    }

    private static Set<Long> holders(RestClient rest, int shard) {
        JsonNode r = rest.get("/collections/secure/cluster").result();
        Set<Long> out = new TreeSet<>();
        r.get("local_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard && s.get("state").asText().equals("Active")) {
                out.add(r.get("peer_id").asLong());
            }
        });
        r.get("remote_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard && s.get("state").asText().equals("Active")) {
                out.add(s.get("peer_id").asLong());
            }
        });
        return out;
    }

    /**
     * Peers that share {@code cluster.p2p.secret} instead of running a CA: they replicate to each other, and a node
     * with another secret cannot join, nor can a call without a certificate made from the secret.
     */
    @Test
    void peersSharingASecretAuthenticateEachOther() throws Exception {
        Path shared = Files.writeString(dir.resolve("shared.yaml"), "cluster:\n  p2p:\n    secret: correct horse\n");
        try (TestCluster cluster = TestCluster.start(dir.resolve("shared"), 2, "--config", shared.toString())) {
            QdrantApi api = new QdrantApi(cluster.node(0).client());
            api.createCollection("shared", Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                    "replication_factor", 2));
            api.upsert("shared", List.of(Map.of("id", 1, "vector", List.of(1, 0))));
            assertEquals(1, new QdrantApi(cluster.node(1).client()).count("shared"));
            AtollProcess node0 = cluster.node(0);
            Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "cluster:\n  p2p:\n    secret: battery staple\n");
            try (AtollProcess stranger = AtollProcess.launch(dir.resolve("wrong"), "--config", wrong.toString(),
                    "--bootstrap", node0.p2pUrl())) {
                QdrantApi.await("the node with another secret fails to join", SETTLE,
                        () -> stranger.logTail().contains("joining through " + node0.p2pUrl() + " failed"));
                assertTrue(!ready(stranger));
            }
            assertEquals(2, node0.client().get("/cluster").result().get("peers").size(), "no one joined");
            TestPki pki = TestPki.create(dir.resolve("secret-pki"));
            assertEquals("UNAVAILABLE", PeerPortProbe.call(node0.p2pUrl(), JOIN, pki, null),
                    "a client that does not trust the secret's CA gets no connection");
        }
    }
}
