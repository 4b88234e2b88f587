package io.atoll.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's fault injection does what fault tests rely on: pause hangs a node, kill9 ends even a paused one; and
 * servers start with the ahead-of-time class cache the build asks for, which keeps the default run's time down.
 */
class AtollProcessTest {
    @TempDir
    Path dir;

    @Test
    void pausedNodeHangsUntilResumedAndRestartsOnItsPortsAfterKill9() throws Exception {
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            String url = node.url();
            String p2p = node.p2pUrl();
            long pid = node.pid();
            assertNotEquals(url.substring(url.lastIndexOf(':')), p2p.substring(p2p.lastIndexOf(':')));

            node.pause();
            assertTrue(node.isAlive());
            assertTrue(ClusterView.fetch(url).isEmpty(), "a paused node must not answer");
            node.resume();
            assertEquals(200, node.client().get("/readyz").status());

            node.pause();
            node.kill9();
            assertFalse(node.isAlive(), "SIGKILL must end a stopped process");

            node.restart();
            assertEquals(url, node.url());
            assertEquals(p2p, node.p2pUrl());
            assertNotEquals(pid, node.pid());
            assertEquals(200, node.client().get("/readyz").status());
        }
    }

    @Test
    void serversStartWithTheAheadOfTimeCacheTheBuildAsksFor() throws Exception {
        assumeTrue(!System.getProperty("atoll.test.aotCache", "").isBlank(), "the build names no cache");
        assertTrue(ServerJvm.command().stream().anyMatch(f -> f.startsWith("-XX:AOTCache=")),
                "the training server made no cache: " + ServerJvm.command());
        try (AtollProcess node = AtollProcess.start(dir.resolve("node"))) {
            String log = Files.readString(node.log());
            assertFalse(log.contains("[aot]"), "the JVM could not use the cache:\n" + log);
        }
    }
}
