package io.atoll.api.rest;

import io.atoll.testing.AtollProcess;
import io.atoll.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qdrant's official JS REST client ({@code @qdrant/js-client-rest}, pinned in clients/js/package.json) against a
 * real Atoll process: clients/js/qdrant-client.test.mjs drives every endpoint Atoll serves through the client and
 * checks real results. Needs {@code node} and {@code npm} on the PATH (see {@link JsClientScripts}).
 */
class QdrantJsClientTest {
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);
    private static final String SCRIPT = "clients/js/qdrant-client.test.mjs";
    private static final String CLUSTER_SCRIPT = "clients/js/qdrant-client-cluster.test.mjs";
    private static final String SNAPSHOTS_SCRIPT = "clients/js/qdrant-client-snapshots.test.mjs";
    private static final String PARITY_SCRIPT = "clients/js/qdrant-client-parity.test.mjs";

    @TempDir
    Path dir;

    @Test
    void officialJsClientWorksAgainstAtoll() throws Exception {
        JsClientScripts js = JsClientScripts.installed(dir);
        try (AtollProcess atoll = AtollProcess.start(dir.resolve("node"))) {
            js.run(SCRIPT, Map.of("ATOLL_URL", atoll.url()), TEST_TIMEOUT, atoll::logTail);
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
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 2)) {
            js.run(CLUSTER_SCRIPT, Map.of("ATOLL_URL", cluster.node(0).url()), TEST_TIMEOUT, cluster::describe);
        }
    }
}
