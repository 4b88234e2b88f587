package io.atoll.cluster.raft;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataCodec;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Proposal;
import io.atoll.cluster.meta.RaftStatus;
import io.atoll.cluster.meta.Rejection;
import io.atoll.error.AtollException;
import io.atoll.security.tls.PeerTls;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.io.grpc.ServerServiceDefinition;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the metadata Raft group: the Ratis server on the peer port (which also serves the data
 * plane's gRPC service), the state machine holding the {@link ClusterImage}, and a client that proposes records.
 *
 * <p>Every Atoll cluster uses the same group id; peer ids are the nodes' stored 63-bit ids. A node with stored
 * Raft state recovers it; one without starts either a new group of itself or an empty member that waits to be
 * added by the cluster it joins.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
            "atoll-metadata".getBytes(StandardCharsets.UTF_8)));
    /** Ratis voters beyond this many add latency without adding safety that matters here; others are listeners. */
    public static final int MAX_VOTERS = 5;
    /**
     * The peer port's HTTP/2 receive window (Ratis's default is 1 MB): a snapshot chunk of 4 MiB then arrives
     * without waiting for window updates. The data plane's client (PeerClient) uses the same.
     */
    static final int PEER_FLOW_WINDOW_BYTES = 8 << 20;

    /** How this node's Raft member starts. */
    public enum Start {
        /** Stored state exists: recover it and rejoin. */
        RECOVER,
        /** No state, no bootstrap: a new cluster of this node alone. */
        NEW_CLUSTER,
        /** No state, a bootstrap peer: an empty member that the cluster adds. */
        JOIN
    }

    private final long peerId;
    private final RaftPeer self;
    private final MetadataStateMachine stateMachine;
    private RaftServer server;
    private ProposalClient client;
    private LeaderWatchdog watchdog;
    private final Duration proposeTimeout;
    private final Object applied = new Object();
    /** The index of the image the state machine holds; guarded by {@code applied}. */
    private long appliedIndex;

    /** Whether {@code dir} holds Raft state from an earlier run. */
    public static boolean hasState(Path dir) throws IOException {
        Path group = dir.resolve(GROUP_ID.getUuid().toString());
        if (!Files.isDirectory(group)) {
            return false;
        }
        try (var entries = Files.list(group)) {
            return entries.findAny().isPresent();
        }
    }

    /**
     * Starts the Raft member on {@code host:port} with its log and snapshots in {@code dir}, serving
     * {@code services} on the same port. {@code follower} is handed every image as it is applied, from the first
     * one (including those replayed while the server starts), on Ratis's apply thread: it must not block.
     */
    public static RaftNode start(long peerId, String uri, String host, int port, Path dir, Start start,
                                 Duration proposeTimeout, ServerServiceDefinition services,
                                 Optional<PeerTls> tls, Consumer<ClusterImage> follower) throws IOException {
        RaftPeer self = peer(peerId, uri, RaftPeerRole.FOLLOWER);
        RaftProperties props = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        GrpcConfigKeys.Server.setHost(props, host);
        GrpcConfigKeys.Server.setPort(props, port);
        GrpcConfigKeys.setFlowControlWindow(props, SizeInBytes.valueOf(PEER_FLOW_WINDOW_BYTES));
        // Generous election timeouts: nodes share small machines, and a GC pause must not depose a leader.
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        // A new cluster of one elects itself at once instead of waiting 1 to 2 s for nobody. Only then: a restarted
        // member cut off from the others would campaign (pre-vote, which a live leader's followers refuse) every
        // 150 to 300 ms until it hears from a leader, and a joiner has no configuration to campaign in.
        if (start == Start.NEW_CLUSTER) {
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props,
                    TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props,
                    TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
        }
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, 1000);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        // Found by the chaos runner: with "compose" on (Ratis 3.3.0's default), a follower that gets a resent
        // append starting where a write of its own is still in progress answers SUCCESS up to the resent request's
        // end without appending the extra entries; the leader takes them as replicated (matchIndex only grows)
        // and, after a partition, sent that follower nothing but heartbeats for good. Off, each append really
        // covers what it acknowledges.
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(props, false);
        // Read-only queries (syncApplied) confirm the leader still leads before they answer: a deposed leader cut
        // off from the others must not vouch for metadata that a new majority has already changed.
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        Parameters params = new Parameters();
        UnaryOperator<NettyServerBuilder> secure = tls.map(t -> PeerPortSecurity.apply(params, t))
                .orElse(UnaryOperator.identity());
        // Admin, client and server services share the peer port: one builder, customized once.
        GrpcConfigKeys.Server.setServicesCustomizer(params, (builder, types) ->
                types.contains(GrpcServices.Type.SERVER) ? secure.apply(builder.addService(services)) : builder);

        RaftGroup group = start == Start.NEW_CLUSTER ? RaftGroup.valueOf(GROUP_ID, self) : RaftGroup.valueOf(GROUP_ID);
        Files.createDirectories(dir);
        MetadataStateMachine sm = new MetadataStateMachine();
        RaftNode node = new RaftNode(peerId, self, proposeTimeout, sm, follower);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(self.getId())
                .setGroup(group)
                .setStateMachine(sm)
                .setProperties(props)
                .setParameters(params)
                .setOption(start == Start.RECOVER ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        node.server = server;
        server.start();
        // Proposals are retried for as long as a caller may wait, then reported as unavailable.
        ProposalClient client = new ProposalClient(() -> RaftClient.newBuilder()
                .setRaftGroup(RaftGroup.valueOf(GROUP_ID, self))
                .setProperties(props)
                .setParameters(params)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        (int) Math.max(1, proposeTimeout.toMillis() / 200), TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build());
        node.client = client;
        node.watchdog = new LeaderWatchdog(node::division, client::get);
        LOG.info("raft member {} on {} started ({})", peerId, uri, start);
        return node;
    }

    private RaftNode(long peerId, RaftPeer self, Duration proposeTimeout, MetadataStateMachine sm,
                     Consumer<ClusterImage> follower) {
        this.peerId = peerId;
        this.self = self;
        this.proposeTimeout = proposeTimeout;
        this.stateMachine = sm;
        sm.addListener((previous, next) -> {
            follower.accept(next);
            synchronized (applied) {
                appliedIndex = next.appliedIndex();
                applied.notifyAll();
            }
        });
    }

    static RaftPeer peer(long id, String uri, RaftPeerRole role) {
        URI u = URI.create(uri);
        return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(Long.toString(id)))
                .setAddress(u.getHost() + ":" + u.getPort()).setStartupRole(role).build();
    }

    public long peerId() {
        return peerId;
    }

    public ClusterImage image() {
        return stateMachine.image();
    }

    /**
     * Proposes a record and returns once it is committed and applied to this node's image (not necessarily acted
     * on by its replicas yet), with why it changed nothing when its guard refused it. Without a quorum it gives up
     * after the propose timeout: the record may still commit later, so the caller must treat the outcome as
     * unknown. The record goes in a {@link Proposal} with a fresh id, so that it is applied once even if Raft
     * commits a resent copy of it.
     */
    public ApplyResult propose(MetadataRecord record) {
        Proposal proposal = new Proposal(UUID.randomUUID().toString(), image().appliedIndex(), record);
        RaftClientReply reply;
        RaftClient raft = client.get();
        try {
            reply = raft.async().send(Message.valueOf(
                    org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(MetadataCodec.encode(proposal))))
                    .get(proposeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw AtollException.unavailable("cluster metadata is unavailable (no Raft quorum within "
                    + proposeTimeout.toSeconds() + " s); the change may still be applied later");
        } catch (ExecutionException e) {
            client.renewAfterFailure(raft, e.getCause());
            throw AtollException.unavailable("cluster metadata is unavailable: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while proposing a metadata change");
        }
        if (!reply.isSuccess()) {
            throw AtollException.unavailable("cluster metadata change failed: " + reply.getException());
        }
        if (!awaitApplied(reply.getLogIndex(), proposeTimeout)) {
            throw AtollException.unavailable("metadata change committed at " + reply.getLogIndex()
                    + " but not applied on this node within " + proposeTimeout.toSeconds() + " s");
        }
        Rejection rejection;
        try {
            rejection = MetadataCodec.decodeAnswer(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
            throw AtollException.internal("unreadable answer to a metadata change: " + e.getMessage(), e);
        }
        if (rejection != null && rejection.reason() == Rejection.Reason.STALE_PROPOSAL) {
            throw AtollException.unavailable("this node's cluster metadata was too far behind to propose a change ("
                    + rejection.message() + "); try again");
        }
        return new ApplyResult(image(), rejection);
    }

    /**
     * Returns once this node's image holds every metadata record committed before the call (a Raft read-index
     * round), with that index. Without a quorum it gives up after the propose timeout, as unavailable.
     */
    public long syncApplied() {
        long deadline = System.nanoTime() + proposeTimeout.toNanos();
        String failure;
        do {
            RaftClient raft = client.get();
            try {
                RaftClientReply reply = raft.async().sendReadOnly(Message.valueOf("applied-index"))
                        .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (reply.isSuccess()) {
                    long index = Long.parseLong(reply.getMessage().getContent().toString(StandardCharsets.UTF_8));
                    if (!awaitApplied(index, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                        throw AtollException.unavailable("this node has not applied the cluster metadata up to "
                                + index + " within " + proposeTimeout.toSeconds() + " s");
                    }
                    return index;
                }
                failure = String.valueOf(reply.getException());
            } catch (TimeoutException e) {
                failure = "no Raft quorum within " + proposeTimeout.toSeconds() + " s";
            } catch (ExecutionException e) {
                client.renewAfterFailure(raft, e.getCause());
                failure = e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while confirming the cluster metadata");
            }
            // No leader yet (an election is under way): ask again until the propose timeout.
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw AtollException.unavailable("cluster metadata could not be confirmed as current: " + failure);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The metadata index of this node's image. */
    public long appliedIndex() {
        synchronized (applied) {
            return appliedIndex;
        }
    }

    /** Waits until this node's image is at {@code index} or later; false on timeout. */
    public boolean awaitApplied(long index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (applied) {
            while (appliedIndex < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(applied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Adds a peer to the Raft group, as a voter while there are fewer than {@link #MAX_VOTERS}, else as a
     * listener. Ratis waits for the new member to catch up before the new configuration takes effect.
     */
    public void addMember(long id, String uri) {
        new RaftMembership(division(), client.get()).add(id, uri);
    }

    /** Removes a peer from the Raft group (it stops voting and receiving the log). */
    public void removeMember(long id) {
        new RaftMembership(division(), client.get()).remove(id);
    }

    private RaftServer.Division division() {
        try {
            return server.getDivision(GROUP_ID);
        } catch (IOException e) {
            throw AtollException.unavailable("the Raft member is not running: " + e.getMessage());
        }
    }

    /** Raft's view from this node, for GET /cluster. */
    public RaftStatus status() {
        RaftServer.Division d = division();
        DivisionInfo info = d.getInfo();
        RaftPeerId leader = info.getLeaderId();
        RaftConfiguration conf = d.getRaftConf();
        boolean voter = conf.getPeer(self.getId(), RaftPeerRole.FOLLOWER) != null;
        return new RaftStatus(info.getCurrentTerm(), d.getRaftLog().getLastCommittedIndex(),
                leader == null ? null : Long.parseLong(leader.toString()), roleName(info.getCurrentRole()), voter,
                info.getLastAppliedIndex(), stateMachine.lastUpdate());
    }

    /**
     * Whether this node knows a leader and has applied everything known to be committed: after a restart, the
     * metadata it serves is then no older than when it stopped.
     */
    public boolean caughtUp() {
        RaftServer.Division d = division();
        DivisionInfo info = d.getInfo();
        if (info.getLeaderId() == null || info.isLeader() && !info.isLeaderReady()) {
            return false;
        }
        // Ratis's own applied index also counts configuration entries, which never reach the state machine.
        return info.getLastAppliedIndex() >= d.getRaftLog().getLastCommittedIndex();
    }

    public boolean isLeader() {
        return division().getInfo().isLeader();
    }

    private static String roleName(RaftPeerRole role) {
        return switch (role) {
            case LEADER -> "Leader";
            case CANDIDATE -> "Candidate";
            case FOLLOWER -> "Follower";
            case LISTENER -> "Listener";
            default -> role.name();
        };
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.close();
        }
        if (client != null) {
            client.close();
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing the Raft server failed", e);
        }
    }
}
