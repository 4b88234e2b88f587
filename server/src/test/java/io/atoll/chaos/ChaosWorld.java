package io.atoll.chaos;

import io.atoll.chaos.check.Findings;
import io.atoll.chaos.fault.NodeFeature;
import io.atoll.chaos.history.History;
import io.atoll.chaos.net.NetworkLab;
import io.atoll.chaos.net.Shell;
import io.atoll.testing.AtollProcess;
import io.atoll.testing.RestClient;
import io.atoll.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One chaos run's cluster and everything around it: the network lab its nodes live in, how each node is started
 * (inside its slot's namespace, with the preloads and tmpfs its scenario's faults need), the history and the
 * findings. Node {@code i} lives in lab slot {@code i + 1} at 10.77.(i+1).2 on Qdrant's usual ports. Nodes removed
 * from the cluster stay in the list (indices never shift) but are no longer members.
 */
public final class ChaosWorld implements AutoCloseable {
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final String FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
    private static final String TMPFS_SIZE = "size=256m";

    private final Scenario scenario;
    private final long seed;
    private final Path dir;
    private final NetworkLab lab;
    private final History history;
    private final Findings findings = new Findings();
    private final Set<Integer> removed = ConcurrentHashMap.newKeySet();
    private final Set<Path> mounts = ConcurrentHashMap.newKeySet();
    private TestCluster cluster;

    private ChaosWorld(Scenario scenario, long seed, Path dir, NetworkLab lab, History history) {
        this.scenario = scenario;
        this.seed = seed;
        this.dir = dir;
        this.lab = lab;
        this.history = history;
    }

    /** Builds the lab and starts the scenario's initial nodes. */
    public static ChaosWorld open(Scenario scenario, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        NetworkLab lab = NetworkLab.create(scenario.maxNodes());
        ChaosWorld w = new ChaosWorld(scenario, seed, dir, lab, new History(dir.resolve("history.jsonl")));
        try {
            Path config = dir.resolve("atoll.yaml");
            // fail over within a few seconds, so that a short run sees failovers and not only timeouts
            Files.writeString(config, "cluster:\n  dead_after_ms: 2000\n  replication_timeout_ms: 1500\n"
                    // a node killed or cut off for a few seconds has its replicas re-created elsewhere, and the
                    // surplus dropped when it is back: the replication factor's upkeep runs through the faults
                    + "  replace_dead_after: 5s\n" + peerSecurity(seed));
            w.cluster = TestCluster.start(dir, scenario.nodes(), w::launch, "--config", config.toString());
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * Half the seeds (drawn from the seed, independently of which scenario it picks) run the peer port as mutual
     * TLS between holders of a shared secret (cluster.p2p.secret), so that every protocol of the schedule also
     * runs over TLS, through partitions, kills and reconnects.
     */
    static boolean peerTls(long seed) {
        return new java.util.SplittableRandom(seed).nextBoolean();
    }

    private static String peerSecurity(long seed) {
        return peerTls(seed) ? "  p2p:\n    secret: chaos-" + seed + "\n" : "";
    }

    private AtollProcess launch(int index, Path storage, List<String> args) throws IOException {
        return AtollProcess.launch(storage, launchFor(index, storage), args);
    }

    /** How node {@code index} starts: in its lab slot, with the tools its scenario's faults need preloaded. */
    private AtollProcess.Launch launchFor(int index, Path storage) throws IOException {
        int slot = index + 1;
        if (slot > scenario.maxNodes()) {
            throw new IllegalStateException("scenario " + scenario.name() + " has lab slots for "
                    + scenario.maxNodes() + " nodes, node " + index + " does not fit");
        }
        Set<NodeFeature> features = scenario.nodeFeatures();
        Files.createDirectories(storage);
        if (features.contains(NodeFeature.TMPFS) && mounts.add(storage)) {
            Shell.run("mount", "-t", "tmpfs", "-o", TMPFS_SIZE, "tmpfs", storage.toString());
        }
        List<String> prefix = new ArrayList<>(lab.enter(slot));
        List<String> env = new ArrayList<>();
        List<String> preload = new ArrayList<>();
        Path offsetFile = faketimeFile(index);
        String offset = Files.exists(offsetFile) ? Files.readString(offsetFile).strip() : "+0";
        if (features.contains(NodeFeature.FAKETIME) && !offset.equals("+0")) {
            // Preloaded only while the node's clock is off, and with a fixed offset, so that it has nothing to
            // re-read under a lock while the JVM's threads read the clock. (The JVMs that froze for good, no
            // thread dump even, were libfiu's doing, found later: see FsyncErrors.)
            preload.add(FAKETIME_LIB);
            env.addAll(List.of("FAKETIME=" + offset, "FAKETIME_CACHE_DURATION=86400",
                    // the JVM's timers and Ratis's election timeouts run on the monotonic clock: only the wall
                    // clock is skewed, as NTP trouble would skew it
                    "FAKETIME_DONT_FAKE_MONOTONIC=1",
                    // libfaketime's rewrite of pthread_cond_timedwait makes the JVM's timed waits ten times slower
                    "FAKETIME_FORCE_MONOTONIC_FIX=0"));
        }
        if (!preload.isEmpty()) {
            prefix.add("env");
            prefix.add("LD_PRELOAD=" + String.join(" ", preload));
            prefix.addAll(env);
        }
        return new AtollProcess.Launch(NetworkLab.address(slot), 6333, 6334, 6335, prefix);
    }

    /** Node {@code i}'s wall clock offset for its next start ("+0", "-90", "+600", in seconds). */
    public Path faketimeFile(int i) {
        return dir.resolve("node-" + i + ".faketime");
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public Path dir() {
        return dir;
    }

    public NetworkLab lab() {
        return lab;
    }

    public History history() {
        return history;
    }

    public Findings findings() {
        return findings;
    }

    public TestCluster cluster() {
        return cluster;
    }

    /** Nodes that were started and not removed, dead or paused ones included. */
    public List<Integer> members() {
        return IntStream.range(0, cluster.size()).filter(i -> !removed.contains(i)).boxed().toList();
    }

    public void markRemoved(int node) {
        removed.add(node);
    }

    public boolean isRemoved(int node) {
        return removed.contains(node);
    }

    /** Whether the node is a member that runs and is not paused. */
    public boolean isUp(int node) {
        AtollProcess p = cluster.node(node);
        return !removed.contains(node) && p.isAlive() && !p.isPaused();
    }

    public List<Integer> upMembers() {
        return members().stream().filter(this::isUp).toList();
    }

    /** A random up member, the node most faults act on; empty when none is up. */
    public OptionalInt randomUpMember(Random random) {
        List<Integer> up = upMembers();
        return up.isEmpty() ? OptionalInt.empty() : OptionalInt.of(up.get(random.nextInt(up.size())));
    }

    /** Creates a collection a workload needs through node 0, before any fault; a refusal is a harness error. */
    public void createCollection(String name, Map<String, Object> body) {
        RestClient.Response r = patientClient(0).put("/collections/" + name, body);
        if (r.status() != 200) {
            throw new IllegalStateException("cannot create " + name + ": " + r);
        }
    }

    public int randomMember(Random random) {
        List<Integer> m = members();
        return m.get(random.nextInt(m.size()));
    }

    /** A client with a short timeout, so that a paused or cut-off node gives an unknown outcome, not a hang. */
    public RestClient client(int node) {
        return new RestClient(cluster.node(node).url(), CLIENT_TIMEOUT);
    }

    /** A client for checker reads, which may take longer than a client's call. */
    public RestClient patientClient(int node) {
        return new RestClient(cluster.node(node).url(), Duration.ofSeconds(60));
    }

    /**
     * Kills node {@code i} if it runs, starts it again on its storage and waits until it is ready. A node that
     * does not come back after a crash is a finding, not a harness error: recovering is the product's job.
     */
    public void restart(int i) {
        try {
            AtollProcess p = cluster.node(i);
            if (p.isAlive()) {
                p.kill9();
            }
            p.relaunch(launchFor(i, p.storage()));
            p.awaitReady(Duration.ofSeconds(90));
        } catch (IOException e) {
            findings.add(Findings.RESTART, "node " + i + " did not restart: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Has every live node write its threads' stacks to its log, for a failed run's record. */
    public void dumpThreads() {
        if (cluster == null) {
            return;
        }
        Map<AtollProcess, Long> before = new HashMap<>();
        for (int i = 0; i < cluster.size(); i++) {
            AtollProcess p = cluster.node(i);
            if (p.isAlive() && !p.isPaused()) {
                before.put(p, dumpsIn(p));
                p.dumpThreads();
            }
        }
        // A frozen JVM writes nothing: wait for the others' dumps, not for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && before.entrySet().stream().anyMatch(e -> dumpsIn(e.getKey()) <= e.getValue())) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // For one that wrote none, keep what the kernel says of its threads.
        before.forEach((p, dumps) -> {
            if (dumpsIn(p) <= dumps) {
                p.keepKernelView();
            }
        });
    }

    private static long dumpsIn(AtollProcess p) {
        try (Stream<String> lines = Files.lines(p.log())) {
            return lines.filter(l -> l.startsWith("Full thread dump")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Copies storage on tmpfs to disk beside the run, so that a failed run keeps every node's data. */
    public void keepTmpfsData() {
        for (Path m : mounts) {
            Shell.works("cp", "-a", m.toString(), m.resolveSibling(m.getFileName() + ".data").toString());
        }
    }

    @Override
    public void close() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            for (Path m : mounts) {
                Shell.works("umount", "-l", m.toString());
            }
            lab.close();
            try {
                history.close();
            } catch (IOException e) {
                findings.add(Findings.HARNESS, "history not closed: " + e.getMessage());
            }
        }
    }
}
