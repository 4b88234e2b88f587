package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scripts in clients/js that drive official JS clients (pinned in its package.json) against real Atoll
 * processes: installs the clients with {@code npm ci} unless node_modules already holds every pinned version, and
 * runs a script with {@code node --test}, failing with its output and the server's log. Needs {@code node} and
 * {@code npm} on the PATH; their absence is a failure, not a skip, so that a machine without them cannot silently
 * pass. One test thread uses an instance.
 */
final class JsClientScripts {
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    private final Path root;
    private final Path logs;

    private JsClientScripts(Path root, Path logs) {
        this.root = root;
        this.logs = logs;
    }

    /** The scripts of this repository with their clients installed; each command's output goes to a file in logs. */
    static JsClientScripts installed(Path logs) throws IOException, InterruptedException {
        Path root = repoRoot();
        Path js = root.resolve("clients/js");
        executable("node");
        Path npm = executable("npm");
        if (!installedAsPinned(js)) {
            Result install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), js, Map.of(), NPM_TIMEOUT,
                    logs.resolve("npm-ci.log"));
            if (install.exitCode() != 0) {
                fail("`npm ci` in " + js + " " + install.describe() + ":\n" + install.output());
            }
        }
        return new JsClientScripts(root, logs);
    }

    /**
     * Runs {@code node --test} on {@code script} (relative to the repository root) with {@code env}, printing its
     * output, and fails with that output and {@code serverLog} unless every test in it passed.
     */
    void run(String script, Map<String, String> env, Duration timeout, Supplier<String> serverLog)
            throws IOException, InterruptedException {
        Map<String, String> all = new HashMap<>(env);
        all.put("NO_COLOR", "1");
        Result tests = run(List.of(executable("node").toString(), "--test", "--test-reporter=spec", script), root,
                all, timeout, logs.resolve(Path.of(script).getFileName() + ".log"));
        System.out.println(tests.output());
        if (tests.exitCode() != 0) {
            fail("node --test " + script + " " + tests.describe() + ":\n" + tests.output()
                    + "\n--- atoll ---\n" + serverLog.get());
        }
    }

    /**
     * Whether node_modules holds every dependency of package.json at its pinned version; a pin added or changed
     * since the last install (a new client, say) makes this false, so the tests never run against stale clients.
     */
    private static boolean installedAsPinned(Path js) throws IOException {
        JsonNode deps = RestClient.JSON.readTree(js.resolve("package.json").toFile()).path("dependencies");
        for (var it = deps.fields(); it.hasNext(); ) {
            var dep = it.next();
            Path installed = js.resolve("node_modules").resolve(dep.getKey()).resolve("package.json");
            if (!Files.isRegularFile(installed)
                    || !RestClient.JSON.readTree(installed.toFile()).path("version").asText().equals(
                    dep.getValue().asText())) {
                return false;
            }
        }
        return true;
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
                + "the official JS clients against Atoll; install them rather than skipping the test");
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
