package io.atoll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Atoll server process for tests: started with the test JVM's own classpath on 127.0.0.1 with free REST,
 * gRPC and peer-to-peer ports (or where a {@link Launch} says), killed with SIGKILL, stopped with SIGTERM, paused
 * with SIGSTOP, restarted on the same storage and ports. Every process started is killed when it is closed, and, as
 * a last resort, when the test JVM exits. Not thread-safe: one test thread drives it.
 */
public final class AtollProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    static {
        // SIGKILL also ends a process stopped by pause(), so no resume is needed here
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Path storage;
    private final Path log;
    private Launch how;
    /** The JVM and its flags and classpath: everything before the main class. */
    private final List<String> jvm;
    private final List<String> extraArgs;
    /** For a node serving HTTPS: what its clients trust; null for plain HTTP. */
    private javax.net.ssl.SSLContext trust;
    private Process process;
    private boolean paused;

    /**
     * Where and how a node runs: the address it binds and advertises, its ports, and a command its JVM is started
     * through (such as {@code nsenter} into a network namespace, or {@code env} with {@code LD_PRELOAD} for fault
     * injection; each must exec the next, so that the pid and signals are the JVM's).
     */
    public record Launch(String host, int httpPort, int grpcPort, int p2pPort, List<String> prefix) {
        public Launch {
            prefix = List.copyOf(prefix);
        }

        /** 127.0.0.1 with free ports, nothing in front of the JVM. */
        public static Launch loopback() throws IOException {
            int[] ports = freePorts(3);
            return new Launch("127.0.0.1", ports[0], ports[1], ports[2], List.of());
        }
    }

    private AtollProcess(Path storage, Launch how, List<String> extraArgs) {
        this(storage, how, ServerJvm.command(), extraArgs);
    }

    private AtollProcess(Path storage, Launch how, List<String> jvm, List<String> extraArgs) {
        this.storage = storage;
        this.log = storage.resolveSibling(storage.getFileName() + ".log");
        this.how = how;
        this.jvm = List.copyOf(jvm);
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a node on free loopback ports through the JVM command given, and waits until it is ready. */
    static AtollProcess startWith(Path storage, List<String> jvm) throws IOException {
        AtollProcess p = new AtollProcess(storage, Launch.loopback(), jvm, List.of());
        p.spawn();
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /**
     * Starts a node on free ports with its data in {@code storage} and waits until it is ready. The ports and
     * {@code --uri} are chosen here; {@code extraArgs} must not repeat them.
     */
    public static AtollProcess start(Path storage, String... extraArgs) throws IOException {
        AtollProcess p = launch(storage, extraArgs);
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /**
     * Starts a node like {@link #start} but returns at once, for nodes that cannot be ready on their own (one that
     * joins a cluster whose majority is down); call {@link #awaitReady} when it should be. The caller must close it.
     */
    public static AtollProcess launch(Path storage, String... extraArgs) throws IOException {
        return launch(storage, Launch.loopback(), List.of(extraArgs));
    }

    /**
     * Starts a node whose REST port serves HTTPS ({@code service.enable_tls} in its configuration) and waits until it
     * is ready, trusting what {@code trust} trusts.
     */
    public static AtollProcess startHttps(Path storage, javax.net.ssl.SSLContext trust, String... extraArgs)
            throws IOException {
        AtollProcess p = new AtollProcess(storage, Launch.loopback(), List.of(extraArgs));
        p.trust = trust;
        p.spawn();
        p.awaitReady(READY_TIMEOUT);
        return p;
    }

    /** Starts a node as {@code how} says and returns at once; see {@link #launch(Path, String...)}. */
    public static AtollProcess launch(Path storage, Launch how, List<String> extraArgs) throws IOException {
        AtollProcess p = new AtollProcess(storage, how, extraArgs);
        p.spawn();
        return p;
    }

    public static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /**
     * Distinct free loopback ports, none handed out before by this JVM: every socket stays open until all are
     * chosen, and a port is free again once closed, while a server launched on it may still be starting (a test
     * cluster launches its joining nodes together).
     */
    public static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
                sockets.add(s);
                if (!HANDED_OUT.add(s.getLocalPort())) {
                    i--;
                    continue;
                }
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private void spawn() throws IOException {
        Files.createDirectories(storage);
        List<String> cmd = new ArrayList<>(how.prefix());
        cmd.addAll(jvm);
        cmd.addAll(List.of("io.atoll.server.Main", "server",
                "--host", how.host(), "--http-port", Integer.toString(how.httpPort()),
                "--grpc-port", Integer.toString(how.grpcPort()), "--p2p-port", Integer.toString(how.p2pPort()),
                "--uri", p2pUrl(), "--storage", storage.toString()));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        paused = false;
        LIVE.add(process);
    }

    /** Waits until GET /readyz answers 200; fails early, with the log, if the process exits meanwhile. */
    public void awaitReady(Duration timeout) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        HttpClient client = (trust == null ? builder : builder.sslContext(trust)).build();
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
        keepKernelView();
        throw new IOException("atoll did not become ready within " + timeout + "; log:\n" + logTail());
    }

    /** Writes {@link #kernelView()} beside the log (as {@code <name>.frozen.txt}), for a node that stopped answering. */
    public void keepKernelView() {
        if (!isAlive()) {
            return;
        }
        Path frozen = log.resolveSibling(log.getFileName().toString().replace(".log", ".frozen.txt"));
        try {
            Files.writeString(frozen, kernelView());
        } catch (IOException e) {
            System.err.println("could not write " + frozen + ": " + e.getMessage());
        }
    }

    public String url() {
        return (trust == null ? "http://" : "https://") + how.host() + ":" + how.httpPort();
    }

    /** The node's peer URL (its {@code --uri}): what other nodes pass to {@code --bootstrap}. */
    public String p2pUrl() {
        return "http://" + how.host() + ":" + how.p2pPort();
    }

    public int grpcPort() {
        return how.grpcPort();
    }

    public Path log() {
        return log;
    }

    public Path storage() {
        return storage;
    }

    /** The operating-system pid of the current (or last) process. */
    public long pid() {
        return process.pid();
    }

    public RestClient client() {
        return trust == null ? new RestClient(url()) : new RestClient(url(), trust);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Works on a paused process too. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        paused = false;
        LIVE.remove(process);
    }

    /** SIGTERM and wait for a clean shutdown. */
    public void stop() throws InterruptedException {
        // a stopped process keeps SIGTERM pending until it runs again, so a paused node is resumed first
        if (paused) {
            resume();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        LIVE.remove(process);
    }

    /**
     * SIGSTOP: the process freezes without closing a socket, as a node behind a partition or in a long GC pause
     * looks to its peers (connections hang instead of being refused).
     */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT: a paused process runs on from where it stopped. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** SIGQUIT: the JVM writes every thread's stack to its log and runs on (for a node that stopped answering). */
    public void dumpThreads() {
        signal("QUIT");
    }

    /**
     * What the kernel says of every thread of the process: its name, state, the kernel function it waits in and its
     * kernel stack. For a JVM too frozen to answer SIGQUIT with a thread dump of its own.
     */
    public String kernelView() {
        StringBuilder out = new StringBuilder();
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            out.append(Files.readString(proc.resolve("status")));
            try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
                for (Path t : tasks.sorted().toList()) {
                    String stat = read(t.resolve("stat"));
                    String state = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
                    out.append("\n--- task ").append(t.getFileName()).append(" (").append(read(t.resolve("comm")).strip())
                            .append(") state ").append(state).append(" wchan ").append(read(t.resolve("wchan")))
                            .append('\n').append(read(t.resolve("stack")));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            out.append("\n(could not read ").append(proc).append(": ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    // Java's Process API only sends SIGTERM and SIGKILL, so other signals go through kill(1).
    private void signal(String name) {
        if (!isAlive()) {
            throw new IllegalStateException("not running; cannot send SIG" + name);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the node again on the same storage and ports and waits until it is ready. */
    public void restart() throws IOException {
        relaunch();
        awaitReady(READY_TIMEOUT);
    }

    /**
     * Starts the node again on the same storage, host and ports but with another command prefix (another
     * environment), and returns at once.
     */
    public void relaunch(Launch with) throws IOException {
        if (!with.host().equals(how.host()) || with.httpPort() != how.httpPort() || with.grpcPort() != how.grpcPort()
                || with.p2pPort() != how.p2pPort()) {
            throw new IllegalArgumentException("a relaunched node keeps its address: " + how + " -> " + with);
        }
        how = with;
        relaunch();
    }

    /** Starts the node again on the same storage and ports and returns at once; see {@link #launch}. */
    public void relaunch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        spawn();
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
