package io.atoll.server;

import io.atoll.api.grpc.GrpcApiServer;
import io.atoll.api.rest.NodeInfo;
import io.atoll.api.telemetry.RequestTelemetry;
import io.atoll.api.rest.HttpListener;
import io.atoll.api.rest.PointValues;
import io.atoll.api.rest.RestServer;
import io.atoll.security.Gate;
import io.atoll.cluster.control.ClusterController;
import io.atoll.cluster.control.ReshardingController;
import io.atoll.cluster.control.ShardControl;
import io.atoll.cluster.control.ShardKeyController;
import io.atoll.cluster.control.ShardTransferController;
import io.atoll.cluster.control.CollectionController;
import io.atoll.cluster.control.MembershipService;
import io.atoll.cluster.control.ReplicationController;
import io.atoll.cluster.control.loop.ControllerLoop;
import io.atoll.cluster.control.manage.ManagementController;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.IssueBoard;
import io.atoll.collection.CoordinatorContext;
import io.atoll.collection.LocalReads;
import io.atoll.error.AtollException;
import io.atoll.node.ActedImage;
import io.atoll.node.Reconciler;
import io.atoll.node.ReplicaDirectories;
import io.atoll.node.ReplicaOpener;
import io.atoll.replication.LocalReplicas;
import io.atoll.replication.ReplicationContext;
import io.atoll.snapshot.PeerArchives;
import io.atoll.snapshot.SnapshotStore;
import io.atoll.snapshot.SnapshotTasks;
import io.atoll.snapshot.Snapshots;
import io.atoll.transfer.SnapshotReceiver;
import io.atoll.transfer.TransferCounters;
import io.atoll.transfer.TransferDrivers;
import io.atoll.transfer.TransferServices;
import io.atoll.transfer.TransferSettings;
import io.atoll.replication.TransferThrottle;
import io.atoll.replication.ReplicationService;
import io.atoll.transport.PeerClient;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerServices;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.PingRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node, composed of the layers below and started and stopped as a whole: its storage, its Raft member
 * and the peer services of each domain, the reconciler that makes its replicas follow the metadata, its
 * collections, the controller loop, background flushes and the REST API. A single node is a cluster of one.
 */
public final class AtollNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtollNode.class);
    /**
     * Writes not waited for become visible within about this time, as Qdrant's clients expect of an acknowledged
     * write. Only shards with something invisible refresh, so an idle node makes no segments; a stream of unwaited
     * writes makes at most one small segment per shard per period, as waiting writes already may (20 ms apart),
     * and Lucene's merges fold them together.
     */
    private static final long BACKGROUND_REFRESH_MS = 50;
    private static final long CONTROL_ROUND_MS = 500;
    /**
     * A shard with no write for this long has its segments merged (one HNSW graph searches in about a quarter of
     * the work of eight): long enough that a load's batches do not each start a merge.
     */
    private static final long SETTLE_IDLE_MS = 3_000;
    private static final long SETTLE_ROUND_MS = 1_000;
    private static final Duration PROPOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

    private final NodeConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long peerId;
    private final ExecutorService indexingPool;
    private final ScheduledExecutorService background;
    /** Merges settled shards: apart from the background, whose rounds a merge of seconds would hold up. */
    private final ScheduledExecutorService settling;
    private final PeerClient peers;
    private final ActedImage acted = new ActedImage();
    private final NodeMetadataSource metadata;
    private final RaftMetadataLog log;
    private final LocalReplicas replicas;
    private final LocalReads localReads;
    private final CollectionRegistry registry;
    private final Reconciler reconciler;
    private final TransferDrivers transfers;
    private final TransferCounters transferCounters = new TransferCounters();
    private final ReplicationContext replication;
    private final SnapshotStore snapshotStore;
    private final SnapshotTasks snapshotTasks = new SnapshotTasks();
    private volatile RaftNode raft;
    private CollectionController collections;
    private RestServer rest;
    private final NodeTls tls;
    private GrpcApiServer grpc;
    private ControllerLoop control;
    private volatile boolean ready;

    private AtollNode(NodeConfig config) throws IOException {
        this.config = config;
        this.tls = NodeTls.load(config.security());
        Files.createDirectories(config.storage());
        this.lockChannel = FileChannel.open(config.storage().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("storage " + config.storage().toAbsolutePath()
                    + " is in use by another Atoll process");
        }
        this.peerId = NodeIdentity.loadOrCreate(config.storage());
        int cores = Runtime.getRuntime().availableProcessors();
        this.indexingPool = Executors.newFixedThreadPool(cores, Thread.ofPlatform().name("indexing-", 0).daemon().factory());
        this.background = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("background-", 0).daemon().factory());
        this.settling = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("settle").daemon().factory());
        this.peers = new PeerClient(config.replicationTimeout(), tls.peers());
        this.metadata = new NodeMetadataSource(acted, () -> raft, PROPOSE_TIMEOUT);
        this.log = new RaftMetadataLog(() -> raft, acted, PROPOSE_TIMEOUT);
        this.replicas = new LocalReplicas(peerId);
        this.localReads = new LocalReads(peerId, replicas, metadata);
        this.registry = new CollectionRegistry(
                new CoordinatorContext(peerId, replicas, peers, metadata, config.replicationTimeout()), localReads,
                new IssueBoard(config.slowQuery()));
        TransferThrottle throttle = new TransferThrottle(config.transferRateLimit());
        this.replication = new ReplicationContext(peerId, peers, config.replicationTimeout(), metadata, log, log,
                throttle);
        this.transfers = new TransferDrivers(peerId, replicas, new TransferServices(
                new RaftTransferRecords(() -> raft, acted), throttle,
                TransferSettings.DEFAULT, peers, transferCounters));
        this.snapshotStore = new SnapshotStore(config.snapshotsPath());
        this.reconciler = new Reconciler(peerId, config.storage(), ReplicaOpener.of(config.shards(), indexingPool), replicas,
                replication, registry, transfers, acted);
        LOG.info("node {} storage {}", peerId, config.storage().toAbsolutePath());
    }

    public static AtollNode start(NodeConfig config) throws IOException {
        AtollNode node = new AtollNode(config);
        try {
            node.startCluster();
            node.collections = new CollectionController(node.peerId, node.log, node.peers);
            ClusterController clusterControl = new ClusterController(node.raft, node.log);
            NodeInfo info = new NodeInfo(node.peerId, Version.VERSION, Version.COMMIT, Instant.now());
            RequestTelemetry requests = RequestTelemetry.start(Clock.systemUTC());
            node.control = ControlWiring.loop(config, node.peerId, node.log, node.peers);
            ShardKeyController keys = new ShardKeyController(node.peerId, node.log, node.peers,
                    System::currentTimeMillis);
            ShardControl shards = new ShardControl(new ShardTransferController(node.log, System::currentTimeMillis),
                    new ReshardingController(node.log, System::currentTimeMillis), keys);
            Snapshots snapshots = new Snapshots(node.peerId, node.snapshotStore, node.snapshotTasks, node.registry,
                    node.replicas, node.peers, node.metadata,
                    new Snapshots.Recovery(node.collections, keys, node.indexingPool));
            Gate gate = Gate.of(config.security(), new PointValues(node.registry));
            node.rest = new RestServer(info, node.registry, node.collections, clusterControl, shards,
                    new ReplicationController(node.log, System::currentTimeMillis),
                    new ManagementController(node.log, node.control, config.management(), node::answers,
                            System::currentTimeMillis), node::answers,
                    DataPlaneView.of(node.transfers.throttle(), node.replication.counters(), node.transferCounters),
                    snapshots, requests, gate, new HttpListener(config.host(), config.httpPort(),
                            config.security().maxRequestBytes(), config.security().maxHeaderBytes(), node.tls.rest(),
                            config.security().tls().verifyClients()),
                    () -> node.ready);
            node.rest.start();
            node.grpc = new GrpcApiServer(config.host(), config.grpcPort(), config.grpc(), () -> node.ready, info,
                    node.registry, node.collections, shards, snapshots, requests.grpc(), gate,
                    config.security().maxHeaderBytes(), node.tls.grpc()).start();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        node.background.scheduleWithFixedDelay(node.replicas::refreshAll, BACKGROUND_REFRESH_MS, BACKGROUND_REFRESH_MS,
                TimeUnit.MILLISECONDS);
        node.background.scheduleWithFixedDelay(node.replicas::flushAll, config.flushIntervalSec(),
                config.flushIntervalSec(), TimeUnit.SECONDS);
        long idle = TimeUnit.MILLISECONDS.toNanos(SETTLE_IDLE_MS);
        node.settling.scheduleWithFixedDelay(() -> node.replicas.settleAll(idle), SETTLE_IDLE_MS, SETTLE_ROUND_MS,
                TimeUnit.MILLISECONDS);
        ControllerLoop control = node.control;
        node.background.scheduleWithFixedDelay(() -> {
            try {
                control.tick();
            } catch (RuntimeException e) {
                LOG.warn("controller round failed", e);
            }
        }, CONTROL_ROUND_MS, CONTROL_ROUND_MS, TimeUnit.MILLISECONDS);
        node.ready = true;
        LOG.info("Atoll {} serving REST on {}://{}:{}, peer {} at {}", Version.VERSION, node.tls.restScheme(),
                config.host(), node.rest.port(), node.peerId, config.peerUri());
        return node;
    }

    /**
     * Starts the Raft member and waits until this node is in the cluster and acts on its metadata: recovering
     * stored state, founding a cluster of one, or joining through the bootstrap peer (ignored once this node has
     * state, as in Qdrant). Once caught up, replica directories no replica owns any more are deleted.
     */
    private void startCluster() throws IOException {
        Path raftDir = config.storage().resolve("raft");
        RaftNode.Start mode = RaftNode.hasState(raftDir) ? RaftNode.Start.RECOVER
                : config.bootstrap() == null ? RaftNode.Start.NEW_CLUSTER : RaftNode.Start.JOIN;
        String uri = config.peerUri();
        MembershipService membership = new MembershipService(peerId, () -> raft, log, metadata, () -> ControlWiring.diskFreeBytes(config));
        raft = RaftNode.start(peerId, uri, config.host(), config.p2pPort(), raftDir, mode, PROPOSE_TIMEOUT,
                PeerServices.definition(List.of(membership, new ReplicationService(replicas, metadata, replication.counters()), localReads,
                        new SnapshotReceiver(peerId, metadata, replicas, new ReplicaDirectories(config.storage())::of),
                        new PeerArchives(snapshotStore, replicas, registry, snapshotTasks))),
                tls.peers(), reconciler::offer);
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        switch (mode) {
            case NEW_CLUSTER -> {
                ApplyResult r = propose(new MetadataRecord.AddPeer(peerId, uri, config.nodeName()), deadline);
                if (!r.applied()) {
                    throw new IllegalStateException("could not found the cluster: " + r.rejection().message());
                }
            }
            case JOIN -> join(config.bootstrap(), uri, deadline);
            case RECOVER -> {
                // A restarted node serves only once it has acted on what was committed before it stopped.
            }
        }
        while (!raft.caughtUp() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (!reconciler.awaitActed(raft.appliedIndex(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            throw new IllegalStateException("node " + peerId + " did not act on the metadata up to "
                    + raft.appliedIndex() + " within " + JOIN_TIMEOUT.toSeconds() + " s");
        }
        if (!raft.image().peers().containsKey(peerId)) {
            throw new IllegalStateException("node " + peerId + " did not become a member of the cluster within "
                    + JOIN_TIMEOUT.toSeconds() + " s");
        }
        PeerInfo me = raft.image().peers().get(peerId);
        if (!me.equals(new PeerInfo(peerId, me.uri(), config.nodeName()))) {
            // Restarted under another name: the cluster learns it (refused when another node has it).
            LOG.info("node name changes from {} to {}", me.name(), config.nodeName());
            ApplyResult r = propose(new MetadataRecord.AddPeer(peerId, me.uri(), config.nodeName()), deadline);
            if (!r.applied()) {
                throw new IllegalStateException("node " + peerId + " cannot take the name " + config.nodeName() + ": "
                        + r.rejection().message());
            }
        }
        reconciler.sweepLeftovers();
    }

    private ApplyResult propose(MetadataRecord record, long deadline) {
        while (true) {
            try {
                return log.propose(record);
            } catch (AtollException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("waiting for a Raft leader: {}", e.getMessage());
            }
        }
    }

    private void join(String bootstrap, String uri, long deadline) {
        JoinRequest request = JoinRequest.newBuilder().setPeerId(peerId).setUri(uri)
                .setName(config.nodeName() == null ? "" : config.nodeName()).build();
        while (true) {
            try {
                JoinResponse r = peers.call(bootstrap, PeerRpcs.JOIN, request, Duration.ofSeconds(60));
                if (!reconciler.awaitActed(r.getMetadataIndex(), Duration.ofSeconds(60))) {
                    throw new IllegalStateException("joined, but the metadata did not arrive within 60 s");
                }
                LOG.info("joined the cluster through {}", bootstrap);
                return;
            } catch (PeerUnreachableException | AtollException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not join the cluster through " + bootstrap + ": "
                            + e.getMessage(), e);
                }
                LOG.info("joining through {} failed, retrying: {}", bootstrap, e.getMessage());
                sleep(1000);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    public CollectionRegistry registry() {
        return registry;
    }

    /** Collection changes, as the REST API makes them (through Raft). */
    public CollectionController collections() {
        return collections;
    }

    /** The REST API this node serves (its routes are checked against the OpenAPI description). */
    public RestServer rest() {
        return rest;
    }

    /** Whether a peer answers a ping within half a second (Weaviate's node status). */
    private boolean answers(long peer) {
        PeerInfo p = log.image().peers().get(peer);
        if (p == null) {
            return false;
        }
        try {
            peers.call(p.uri(), PeerRpcs.PING, PingRequest.newBuilder().setFromPeer(peerId).build(),
                    Duration.ofMillis(500));
            return true;
        } catch (PeerUnreachableException | AtollException e) {
            return false;
        }
    }

    @Override
    public void close() {
        ready = false;
        if (grpc != null) {
            grpc.close();
        }
        if (rest != null) {
            try {
                rest.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping REST failed", e);
            }
        }
        // Not shutdownNow: interrupting a flush in the middle of Lucene's file I/O closes its channels and would
        // turn a clean stop into a crash recovery. A running refresh or flush is let finish.
        // Not waited for: closing the replicas below aborts a merge that runs.
        settling.shutdown();
        background.shutdown();
        try {
            if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("background refresh/flush still running after 60 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (raft != null) {
            raft.close();
        }
        reconciler.close();
        transfers.close();
        peers.close();
        replicas.flushAll();
        replicas.close();
        indexingPool.shutdownNow();
        tls.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the storage lock failed", e);
        }
        LOG.info("node stopped");
    }
}
