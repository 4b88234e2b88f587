package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.atoll.testing.AtollProcess;
import io.atoll.testing.TestCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qdrant's official JS REST client ({@code @qdrant/js-client-rest}, pinned in clients/js/package.json) against a
 * real Atoll process: clients/js/qdrant-client.test.mjs drives every endpoint Atoll serves through the client and
 * checks real results. Needs {@code node} and {@code npm} on the PATH; their absence is a failure, not a skip, so
 * that a machine without them cannot silently pass.
 */
class QdrantJsClientTest {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);
    private static final String SCRIPT = "clients/js/qdrant-client.test.mjs";
    private static final String CLUSTER_SCRIPT = "clients/js/qdrant-client-cluster.test.mjs";

    @TempDir
    Path dir;

    @Test
    void officialJsClientWorksAgainstAtoll() throws Exception {
        Path root = installedClient();
        try (AtollProcess atoll = AtollProcess.start(dir.resolve("node"))) {
            runScript(root, SCRIPT, atoll.url(), atoll::logTail);
        }
    }

    /** The shard operations (updateCollectionCluster) and collectionClusterInfo, on a two-node cluster. */
    @Test
    void officialJsClientMovesAndCopiesShards() throws Exception {
        Path root = installedClient();
        try (TestCluster cluster = TestCluster.start(dir.resolve("cluster"), 2)) {
            runScript(root, CLUSTER_SCRIPT, cluster.node(0).url(), cluster::describe);
        }
    }

    /** The repository root, once the client is installed there with `npm ci`. */
    private Path installedClient() throws Exception {
        Path root = repoRoot();
        Path js = root.resolve("clients/js");
        executable("node");
        Path npm = executable("npm");
        if (!Files.isDirectory(js.resolve("node_modules/@qdrant/js-client-rest"))) {
            Result install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), js, Map.of(), NPM_TIMEOUT,
                    dir.resolve("npm-ci.log"));
            if (install.exitCode() != 0) {
                fail("`npm ci` in " + js + " " + install.describe() + ":\n" + install.output());
            }
        }
        return root;
    }

    private void runScript(Path root, String script, String url, java.util.function.Supplier<String> serverLog)
            throws Exception {
        Result tests = run(List.of(executable("node").toString(), "--test", "--test-reporter=spec", script), root,
                Map.of("ATOLL_URL", url, "NO_COLOR", "1"), TEST_TIMEOUT, dir.resolve(Path.of(script).getFileName()
                        + ".log"));
        System.out.println(tests.output());
        if (tests.exitCode() != 0) {
            fail("node --test " + script + " " + tests.describe() + ":\n" + tests.output()
                    + "\n--- atoll ---\n" + serverLog.get());
        }
        assertEquals(0, tests.exitCode());
    }

    /** The repository root: the nearest ancestor of the working directory (surefire runs in server/) with clients/js. */
    private static Path repoRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("clients/js/package.json"))) {
                return p;
            }
        }
        return fail("no clients/js/package.json in " + start + " or any of its parents");
    }

    private static Path executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("`" + name + "` is not on the PATH (" + path + "): this test needs Node.js 20+ and npm to run "
                + "Qdrant's JS client against Atoll; install them rather than skipping the test");
    }

    private record Result(int exitCode, boolean timedOut, Duration timeout, String output) {
        String describe() {
            return timedOut ? "did not finish within " + timeout + " and was killed" : "exited with " + exitCode;
        }
    }

    /** Runs a command with its output (stdout and stderr) in {@code log}, killing its process tree on timeout. */
    private static Result run(List<String> command, Path cwd, Map<String, String> env, Duration timeout, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Result(finished ? p.exitValue() : -1, !finished, timeout, output);
    }
}
