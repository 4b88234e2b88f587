package io.atoll.bench;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.concurrent.TimeUnit;

/**
 * An Atoll server in its own JVM, started from this JVM's classpath (which holds the server classes) on a free
 * loopback port. It is killed on {@link #close}, and by {@link Cleanup} if the benchmark dies first, so no
 * server outlives a run.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final String url;
    private final String peerUrl;
    private final List<String> command;

    private ServerProcess(Process process, Path log, int port, String peerUrl, List<String> command) {
        this.process = process;
        this.log = log;
        this.url = "http://127.0.0.1:" + port;
        this.peerUrl = peerUrl;
        this.command = command;
    }

    /** The node's peer URL, for others to join through. */
    String peerUrl() {
        return peerUrl;
    }

    /** The port of Qdrant's gRPC API on this node. */
    int grpcPort() {
        return Integer.parseInt(command.get(command.indexOf("--grpc-port") + 1));
    }

    static ServerProcess start(Path storage, Path log, Cleanup cleanup) throws IOException {
        return start(storage, log, cleanup, "-Xmx4g", null);
    }

    /**
     * Starts a node with its own free REST, gRPC and peer ports; with {@code bootstrap} (a member's peer URL) it joins
     * that member's cluster.
     */
    static ServerProcess start(Path storage, Path log, Cleanup cleanup, String heap, String bootstrap) throws IOException {
        int port = freePort();
        int p2p = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-modules",
                "jdk.incubator.vector", heap));
        // ATOLL_BENCH_SERVER_OPTS: more JVM options for the servers (garbage collector settings, native memory
        // tracking, which ServerMemory then reads), space-separated
        String extra = System.getenv().getOrDefault("ATOLL_BENCH_SERVER_OPTS", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.atoll.server.Main",
                "server", "--host", "127.0.0.1", "--http-port", Integer.toString(port), "--p2p-port",
                Integer.toString(p2p), "--grpc-port", Integer.toString(freePort()), "--storage", storage.toString()));
        if (bootstrap != null) {
            cmd.addAll(List.of("--bootstrap", bootstrap));
        }
        return launch(cmd, log, "http://127.0.0.1:" + p2p, cleanup);
    }

    private static ServerProcess launch(List<String> cmd, Path log, String peerUrl, Cleanup cleanup)
            throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(p, log, Integer.parseInt(cmd.get(cmd.indexOf("--http-port") + 1)),
                peerUrl, List.copyOf(cmd));
        cleanup.add(server::close);
        server.awaitReady();
        return server;
    }

    /** The same node started again on its storage and ports (after {@link #close} killed it). */
    ServerProcess restart(Cleanup cleanup) throws IOException {
        return launch(command, log, peerUrl, cleanup);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/readyz")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the server", e);
            }
            sleep(100);
        }
        throw new IOException("the server was not ready within " + READY_TIMEOUT + ":\n" + logTail());
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, so that the server commits its index and the next process opens it as it was. */
    void stop() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("the server did not stop within 120 s:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        }
    }

    /** SIGKILL: the data is thrown away, so there is nothing to shut down cleanly for. Idempotent. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
