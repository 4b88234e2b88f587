package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;
import io.atoll.transport.MembershipHandler;
import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The membership calls this node serves: a new node joins the cluster through it (Raft member, then metadata),
 * and pings, answered with the metadata index this node has acted on (the leader's liveness checks and the
 * metadata barrier use it) and the free space of its storage (the placement's capacity rule).
 */
public final class MembershipService implements MembershipHandler {
    private static final Duration JOIN_QUEUE_WAIT = Duration.ofSeconds(20);
    private final long self;
    private final Supplier<RaftNode> raft;
    private final MetadataLog log;
    private final NodeMetadata metadata;
    private final LongSupplier diskFreeBytes;
    private final ReentrantLock joins = new ReentrantLock();

    /**
     * {@code raft} gives null until the node's Raft member has started; {@code diskFreeBytes} the usable space of
     * the node's storage (0 when unknown), which pings report for the placement's capacity rule.
     */
    public MembershipService(long self, Supplier<RaftNode> raft, MetadataLog log, NodeMetadata metadata,
                             LongSupplier diskFreeBytes) {
        this.self = self;
        this.raft = raft;
        this.log = log;
        this.metadata = metadata;
        this.diskFreeBytes = diskFreeBytes;
    }

    /**
     * Joins through this node are taken one at a time: Raft changes its membership one peer at a time and Ratis
     * refuses a change while another is under way, so nodes started together would otherwise fail and retry. A
     * join waits for the one before it for a while only (one can take long when the leader is cut off), then is
     * unavailable and the joiner retries: a wait longer than the joiner's call would run for a caller long gone.
     */
    @Override
    public JoinResponse join(JoinRequest request) {
        try {
            if (!joins.tryLock(JOIN_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw AtollException.unavailable("another node is joining through this one; retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while another node joined through this one");
        }
        try {
            return joinAlone(request);
        } finally {
            joins.unlock();
        }
    }

    private JoinResponse joinAlone(JoinRequest request) {
        if (request.getPeerId() <= 0 || request.getUri().isEmpty()) {
            throw AtollException.badRequest("a joining peer needs a positive id and a URI");
        }
        RaftNode r = raft.get();
        if (r == null) {
            throw AtollException.unavailable("this node is still starting");
        }
        String name = request.getName().isEmpty() ? null : request.getName();
        PeerInfo named = name == null ? null : log.image().peerNamed(name);
        if (named != null && named.id() != request.getPeerId()) {
            // Refused before the joiner becomes a Raft member: a node that cannot be added must not vote.
            throw AtollException.badRequest("node name `" + name + "` is taken by peer " + named.id());
        }
        r.addMember(request.getPeerId(), request.getUri());
        ApplyResult applied = log.propose(new MetadataRecord.AddPeer(request.getPeerId(), request.getUri(), name));
        if (!applied.applied()) {
            throw AtollException.badRequest("could not add peer " + request.getPeerId() + ": " + applied.rejection());
        }
        return JoinResponse.newBuilder().setMetadataIndex(applied.image().appliedIndex()).build();
    }

    @Override
    public PingResponse ping(PingRequest request) {
        return PingResponse.newBuilder().setPeerId(self).setMetadataIndex(metadata.image().appliedIndex())
                .setDiskFreeBytes(diskFreeBytes.getAsLong()).build();
    }
}
