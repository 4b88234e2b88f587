package io.atoll.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * A cluster of real Atoll processes on 127.0.0.1 for tests: node 0 starts alone, every other node joins through
 * a live member's peer URL, each with its storage in {@code dir/node-i} and its log in {@code dir/node-i.log}.
 * Nodes keep their index for the life of the cluster, also when killed. {@link #close} kills every process it
 * started, paused ones included. Not thread-safe: one test thread drives it.
 */
public final class TestCluster implements AutoCloseable {
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<AtollProcess> nodes = new ArrayList<>();
    private final Map<Integer, Long> peerIds = new HashMap<>();
    private final List<String> nodeArgs;
    private final Launcher launcher;

    /** Starts node {@code index} with its storage and arguments and returns at once (see AtollProcess#launch). */
    @FunctionalInterface
    public interface Launcher {
        AtollProcess launch(int index, Path storage, List<String> args) throws IOException;

        Launcher LOOPBACK = (index, storage, args) -> AtollProcess.launch(storage, args.toArray(String[]::new));
    }

    private TestCluster(Path dir, List<String> nodeArgs, Launcher launcher) {
        this.dir = dir;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.launcher = launcher;
    }

    /**
     * Starts {@code size} nodes and waits until every one sees all of them and a leader. The joining nodes start
     * together once the first is ready, as an orchestrator starts them; the first node takes their joins one at a
     * time (Raft changes its membership one peer at a time).
     */
    public static TestCluster start(Path dir, int size, String... nodeArgs) throws IOException {
        return start(dir, size, Launcher.LOOPBACK, nodeArgs);
    }

    /** Like {@link #start(Path, int, String...)}, with every node started through {@code launcher}. */
    public static TestCluster start(Path dir, int size, Launcher launcher, String... nodeArgs) throws IOException {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        TestCluster cluster = new TestCluster(dir, List.of(nodeArgs), launcher);
        try {
            AtollProcess first = launcher.launch(0, dir.resolve("node-0"), List.of(nodeArgs));
            cluster.nodes.add(first);
            first.awaitReady(JOIN_TIMEOUT);
            for (int i = 1; i < size; i++) {
                cluster.launchJoiner(first);
            }
            for (int i = 1; i < size; i++) {
                cluster.nodes.get(i).awaitReady(JOIN_TIMEOUT);
            }
            // every node, not only the live ones: one that died while the others formed is a failed start
            cluster.await(FORM_TIMEOUT, "all " + size + " nodes see " + size + " peers and a leader",
                    () -> IntStream.range(0, size).allMatch(i -> cluster.seesPeersAndLeader(i, size)));
            IntStream.range(0, size).forEach(cluster::knownPeerId);
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.closeAfterFailure(e);
            throw e;
        }
    }

    /** Starts one more node, joining through a live member, and waits until every live node sees it. */
    public int addNode() throws IOException {
        AtollProcess through = nodes.get(liveIndices().findFirst()
                .orElseThrow(() -> new IllegalStateException("no live node to join through")));
        int index = join(through);
        long id = peerId(index);
        await(JOIN_TIMEOUT, "every live node sees node " + index + " (peer " + id + ")",
                () -> IntStream.concat(IntStream.of(index), liveIndices())
                        .allMatch(i -> view(i).map(v -> v.peers().containsKey(id)).orElse(false)));
        return index;
    }

    private int join(AtollProcess through) throws IOException {
        int index = launchJoiner(through);
        nodes.get(index).awaitReady(JOIN_TIMEOUT);
        return index;
    }

    // Adds the node to the list before it is ready, so that close() kills it if it never gets there.
    private int launchJoiner(AtollProcess through) throws IOException {
        int index = nodes.size();
        List<String> args = new ArrayList<>(nodeArgs);
        args.addAll(List.of("--bootstrap", through.p2pUrl()));
        nodes.add(launcher.launch(index, dir.resolve("node-" + index), args));
        return index;
    }

    public AtollProcess node(int i) {
        return nodes.get(i);
    }

    /** Every node ever started, the dead and the paused included. */
    public int size() {
        return nodes.size();
    }

    public void kill9(int i) throws InterruptedException {
        nodes.get(i).kill9();
    }

    public void pause(int i) {
        nodes.get(i).pause();
    }

    public void resume(int i) {
        nodes.get(i).resume();
    }

    /**
     * Starts a dead node again on its storage and ports and waits until it is ready. A joining node gets its
     * {@code --bootstrap} again, which a node that is already a member must ignore (as Qdrant does).
     */
    public void restart(int i) throws IOException {
        nodes.get(i).restart();
    }

    /** The node's peer id from its GET /cluster; asked once (it is kept in the node's storage). */
    public long peerId(int i) {
        Long id = peerIds.get(i);
        if (id == null) {
            ClusterView v = view(i).orElseThrow(() -> new IllegalStateException(
                    "node " + i + " does not answer GET /cluster; log:\n" + nodes.get(i).logTail()));
            if (!v.enabled()) {
                throw new IllegalStateException("node " + i + " has no cluster: " + v);
            }
            id = v.peerId();
            peerIds.put(i, id);
        }
        return id;
    }

    /**
     * The index of the leader as seen by the live node with the highest term (a lagging follower may still name
     * a deposed leader). Throws when no live node knows a leader; {@link #awaitLeader} waits for one.
     */
    public int leaderIndex() {
        return findLeader().orElseThrow(() -> new IllegalStateException("no live node knows a leader:\n" + describe()));
    }

    public int awaitLeader(Duration timeout) {
        await(timeout, "a live node knows a leader", () -> findLeader().isPresent());
        return leaderIndex();
    }

    private OptionalInt findLeader() {
        Optional<Long> leader = liveIndices().mapToObj(this::view).flatMap(Optional::stream)
                .filter(v -> v.leader() != null)
                .max(Comparator.comparingLong(ClusterView::term))
                .map(ClusterView::leader);
        if (leader.isEmpty()) {
            return OptionalInt.empty();
        }
        return IntStream.range(0, nodes.size()).filter(i -> knownPeerId(i).equals(Optional.of(leader.get())))
                .findFirst();
    }

    // A dead or paused node's id is only known if it was asked before; its id never changes, so that is enough.
    private Optional<Long> knownPeerId(int i) {
        if (!peerIds.containsKey(i) && isLive(i)) {
            view(i).filter(ClusterView::enabled).ifPresent(v -> peerIds.put(i, v.peerId()));
        }
        return Optional.ofNullable(peerIds.get(i));
    }

    /** Waits until every live node's GET /cluster lists {@code n} peers and names a leader. */
    public void awaitPeers(int n, Duration timeout) {
        await(timeout, "every live node sees " + n + " peers and a leader",
                () -> liveIndices().allMatch(i -> seesPeersAndLeader(i, n)));
        liveIndices().forEach(this::knownPeerId);
    }

    private boolean seesPeersAndLeader(int i, int n) {
        return view(i).map(v -> v.enabled() && v.peers().size() == n && v.leader() != null).orElse(false);
    }

    /**
     * Polls {@code condition} every 200 ms until it holds. On timeout, throws an AssertionError with the
     * description, every node's cluster view and every node's log tail. A condition that throws counts as false.
     */
    public void await(Duration timeout, String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + description, e);
            }
        }
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting until " + description
                + "\n" + describe() + logTails());
        if (last != null) {
            failure.addSuppressed(last);
        }
        throw failure;
    }

    /** One line per node: its index, pid, liveness and cluster view. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            AtollProcess p = nodes.get(i);
            String state = !p.isAlive() ? "dead" : p.isPaused() ? "paused" : "live";
            s.append("node ").append(i).append(" pid ").append(p.pid()).append(' ').append(state)
                    .append(' ').append(p.url()).append(": ")
                    .append(isLive(i) ? view(i).map(ClusterView::toString).orElse("no answer from GET /cluster") : "-")
                    .append('\n');
        }
        return s.toString();
    }

    private String logTails() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            s.append("---- node ").append(i).append(" log (tail) ----\n").append(nodes.get(i).logTail()).append('\n');
        }
        return s.toString();
    }

    /** The node's GET /cluster, or empty when it does not answer. */
    public Optional<ClusterView> view(int i) {
        return ClusterView.fetch(nodes.get(i).url());
    }

    private boolean isLive(int i) {
        AtollProcess p = nodes.get(i);
        return p.isAlive() && !p.isPaused();
    }

    private IntStream liveIndices() {
        return IntStream.range(0, nodes.size()).filter(this::isLive);
    }

    /** Kills every node, paused ones included, even when killing one of them fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AtollProcess p : nodes) {
            try {
                p.close();
            } catch (InterruptedException e) {
                // SIGKILL was sent before the wait was interrupted; go on with the others
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not kill every node of the test cluster");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeAfterFailure(Throwable cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
