package io.atoll.api.rest;

import io.atoll.security.Tokens;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.TestPki;
import io.atoll.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qdrant's official JS REST client ({@code @qdrant/js-client-rest}, pinned in clients/js/package.json) against a
 * real Atoll process: clients/js/qdrant-client*.test.mjs drive every endpoint Atoll serves through the client and
 * check real results. Needs {@code node} and {@code npm} on the PATH (see {@link JsClientScripts}).
 */
class QdrantJsClientTest {
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);
    /** Each builds the collections it uses, under names of its own: they share one server, one after another. */
    private static final List<String> SCRIPTS = List.of("clients/js/qdrant-client.test.mjs",
            "clients/js/qdrant-client-reads.test.mjs", "clients/js/qdrant-client-query.test.mjs",
            "clients/js/qdrant-client-updates.test.mjs");
    private static final String CLUSTER_SCRIPT = "clients/js/qdrant-client-cluster.test.mjs";
    private static final String SNAPSHOTS_SCRIPT = "clients/js/qdrant-client-snapshots.test.mjs";
    private static final String PARITY_SCRIPT = "clients/js/qdrant-client-parity.test.mjs";
    private static final String AUTH_SCRIPT = "clients/js/qdrant-client-auth.test.mjs";

    @TempDir
    Path dir;

    @Test
    void officialJsClientWorksAgainstAtoll() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        try (AtollProcess atoll = AtollProcess.start(dir.resolve("node"))) {
            for (String script : SCRIPTS) {
                js.run(script, Map.of("ATOLL_URL", atoll.url()), TEST_TIMEOUT, atoll::logTail);
            }
        }
    }

    /** Collection, full and shard snapshots: create, list, download, recover (from a URL) and delete. */
    @Test
    void officialJsClientTakesAndRecoversSnapshots() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        try (AtollProcess atoll = AtollProcess.start(dir.resolve("snapshots"))) {
            js.run(SNAPSHOTS_SCRIPT, Map.of("ATOLL_URL", atoll.url()), TEST_TIMEOUT, atoll::logTail);
        }
    }

    /**
     * What Qdrant parity added (issue 18): strict mode, read fan-out, datatypes, named vectors added and removed,
     * optimizations and issues, request aliases, conditional writes, has_vector and payload paths; without
     * checkCompatibility off, so a version warning shows. Every filtered read counts as slow, so issues show.
     */
    @Test
    void officialJsClientUsesQdrantParityFeatures() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        Path config = Files.writeString(dir.resolve("parity.yaml"), "service:\n  slow_query_secs: 0\n");
        try (AtollProcess atoll = AtollProcess.start(dir.resolve("parity"), "--config", config.toString())) {
            js.run(PARITY_SCRIPT, Map.of("ATOLL_URL", atoll.url()), TEST_TIMEOUT, atoll::logTail);
        }
    }

    /** The shard operations (updateCollectionCluster) and collectionClusterInfo, on a two-node cluster. */
    @Test
    void officialJsClientMovesAndCopiesShards() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        // The rebalancer is off: the script's key placements leave one node with every replica, and a move it
        // made would race with the script's own shard operations.
        Path config = Files.writeString(dir.resolve("cluster.yaml"), "cluster:\n  rebalance: false\n");
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 2, "--config", config.toString())) {
            js.run(CLUSTER_SCRIPT, Map.of("ATOLL_URL", cluster.node(0).url()), TEST_TIMEOUT, cluster::describe);
        }
    }

    /**
     * Keys, a scoped token and HTTPS (issue 20): the client's {@code apiKey} over TLS with a CA the test makes with
     * openssl (Node trusts it through NODE_EXTRA_CA_CERTS, as an operator's would).
     */
    @Test
    void officialJsClientUsesKeysTokensAndHttps() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        TestPki pki = TestPki.create(dir.resolve("pki"));
        TestPki.Leaf leaf = pki.leaf("node");
        String key = "js-full-key";
        String collection = "js_auth";
        Path config = Files.writeString(dir.resolve("auth.yaml"), "service:\n  api_key: " + key
                + "\n  read_only_api_key: js-ro-key\n  jwt_rbac: true\n  enable_tls: true\ntls:\n  cert: " + leaf.cert()
                + "\n  key: " + leaf.key() + "\n");
        try (AtollProcess atoll = AtollProcess.startHttps(dir.resolve("auth"), pki.clientTrust(), "--config",
                config.toString())) {
            js.run(AUTH_SCRIPT, Map.of("ATOLL_URL", atoll.url(), "NODE_EXTRA_CA_CERTS", pki.caCert().toString(),
                    "ATOLL_API_KEY", key, "ATOLL_READ_ONLY_KEY", "js-ro-key", "ATOLL_TOKEN_COLLECTION", collection,
                    "ATOLL_TOKEN", Tokens.collection(key, collection, "rw")), TEST_TIMEOUT, atoll::logTail);
        }
    }
}
