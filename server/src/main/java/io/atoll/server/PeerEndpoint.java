package io.atoll.server;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.collection.PointsUpdate;
import io.atoll.collection.ShardRead;
import io.atoll.error.AtollException;
import io.atoll.shard.LocalShard;
import io.atoll.shard.LoggedOp;
import io.atoll.transport.PeerHandler;
import io.atoll.transport.WireCodec;
import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ConfirmReadResponse;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ForwardResponse;
import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;
import io.atoll.transport.proto.WalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * This node's answers to its peers. Requests carry the sender's metadata index; a node that has not applied
 * that much metadata yet waits for it first, so a replica created by a record its primary has already seen is
 * found rather than reported missing.
 */
final class PeerEndpoint implements PeerHandler {
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    private final Supplier<RaftNode> raft;
    private final CollectionRegistry registry;

    PeerEndpoint(Supplier<RaftNode> raft, CollectionRegistry registry) {
        this.raft = raft;
        this.registry = registry;
    }

    private RaftNode raft() {
        RaftNode r = raft.get();
        if (r == null) {
            throw AtollException.unavailable("this node is still starting");
        }
        return r;
    }

    private void catchUp(long index) {
        if (!raft().awaitApplied(index, METADATA_WAIT)) {
            throw AtollException.unavailable("this node has not caught up with metadata index " + index);
        }
    }

    @Override
    public JoinResponse join(JoinRequest request) {
        if (request.getPeerId() <= 0 || request.getUri().isEmpty()) {
            throw AtollException.badRequest("a joining peer needs a positive id and a URI");
        }
        RaftNode r = raft();
        r.addMember(request.getPeerId(), request.getUri());
        ApplyResult applied = r.propose(new MetadataRecord.AddPeer(request.getPeerId(), request.getUri()));
        if (!applied.applied()) {
            throw AtollException.badRequest("could not add peer " + request.getPeerId() + ": " + applied.rejection());
        }
        return JoinResponse.newBuilder().setMetadataIndex(applied.image().appliedIndex()).build();
    }

    @Override
    public PingResponse ping(PingRequest request) {
        RaftNode r = raft();
        return PingResponse.newBuilder().setPeerId(r.peerId()).setMetadataIndex(r.appliedIndex()).build();
    }

    @Override
    public ReplicateResponse replicate(ReplicateRequest request) {
        catchUp(request.getMetadataIndex());
        LocalShard shard = registry.get(request.getCollection()).localShard(request.getShard());
        List<LoggedOp> ops = request.getRecordsList().stream()
                .map((WalRecord w) -> new LoggedOp(w.getSeq(), w.getTerm(), w.getOperation().toByteArray())).toList();
        LocalShard.Replicated r = shard.applyReplicated(request.getTerm(), ops, request.getWaitVisible());
        ReplicateResponse.Outcome outcome = switch (r.outcome()) {
            case APPLIED, DUPLICATE -> ReplicateResponse.Outcome.APPLIED;
            case GAP -> ReplicateResponse.Outcome.GAP;
            case STALE_TERM -> ReplicateResponse.Outcome.STALE_TERM;
        };
        return ReplicateResponse.newBuilder().setOutcome(outcome).setLastSeq(r.position().seq()).setTerm(r.term())
                .setLastRecordTerm(r.position().term()).build();
    }

    @Override
    public ForwardResponse forward(ForwardRequest request) {
        catchUp(request.getMetadataIndex());
        Collection c = registry.get(request.getCollection());
        PointsUpdate part = decode(request.getUpdate().toByteArray(), PointsUpdate.class);
        return ForwardResponse.newBuilder().setSeq(c.writeAsPrimary(request.getShard(), part, request.getWait())).build();
    }

    @Override
    public ShardReadResponse read(ShardReadRequest request) {
        catchUp(request.getMetadataIndex());
        Collection c = registry.get(request.getCollection());
        ShardRead<?> read = decode(request.getQuery().toByteArray(), ShardRead.class);
        var answer = c.readLocal(request.getShard(), read);
        return ShardReadResponse.newBuilder().setTerm(answer.term()).setLastSeq(answer.position().seq())
                .setLastRecordTerm(answer.position().term())
                .setResult(com.google.protobuf.ByteString.copyFrom(WireCodec.encode(answer.value()))).build();
    }

    @Override
    public ConfirmReadResponse confirmRead(ConfirmReadRequest request) {
        catchUp(request.getMetadataIndex());
        registry.get(request.getCollection()).confirmAsPrimary(request);
        return ConfirmReadResponse.getDefaultInstance();
    }

    @Override
    public ShardStatusResponse shardStatus(ShardStatusRequest request) {
        LocalShard shard = registry.get(request.getCollection()).localShard(request.getShard());
        return ShardStatusResponse.newBuilder().setLastSeq(shard.lastSeq()).setTerm(shard.term()).build();
    }

    private static <T> T decode(byte[] bytes, Class<T> type) {
        try {
            return WireCodec.decode(bytes, type);
        } catch (IOException e) {
            throw AtollException.badRequest("malformed peer request: " + e.getMessage());
        }
    }
}
