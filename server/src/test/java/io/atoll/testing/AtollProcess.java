package io.atoll.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Atoll server process for tests: started with the test JVM's own classpath on 127.0.0.1, killed with
 * SIGKILL or stopped with SIGTERM, restarted on the same storage and port. Every process started is killed when
 * it is closed, and, as a last resort, when the test JVM exits.
 */
public final class AtollProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Path storage;
    private final Path log;
    private final int httpPort;
    private final List<String> extraArgs;
    private Process process;

    private AtollProcess(Path storage, int httpPort, List<String> extraArgs) {
        this.storage = storage;
        this.log = storage.resolveSibling(storage.getFileName() + ".log");
        this.httpPort = httpPort;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a node on a free port with its data in {@code storage} and waits until it is ready. */
    public static AtollProcess start(Path storage, String... extraArgs) throws IOException {
        AtollProcess p = new AtollProcess(storage, freePort(), List.of(extraArgs));
        p.launch();
        return p;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        Files.createDirectories(storage);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "io.atoll.server.Main", "server",
                "--host", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                "--storage", storage.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LIVE.add(process);
        awaitReady(Duration.ofSeconds(90));
    }

    private void awaitReady(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("atoll exited with " + process.exitValue() + " during start; log:\n" + logTail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(100);
        }
        throw new IOException("atoll did not become ready within " + timeout + "; log:\n" + logTail());
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path storage() {
        return storage;
    }

    public RestClient client() {
        return new RestClient(url());
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(process);
    }

    /** SIGTERM and wait for a clean shutdown. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        LIVE.remove(process);
    }

    /** Starts the node again on the same storage and port. */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill9();
        }
    }
}
