package io.atoll.replication;

import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.codec.OperationCodec;
import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.shard.LocalShard;
import io.atoll.shard.Replicated;
import io.atoll.shard.LogPosition;
import io.atoll.shard.LoggedOp;
import io.atoll.point.ScoredPoint;
import io.atoll.transport.ReplicationHandler;
import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ConfirmReadResponse;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ForwardResponse;
import io.atoll.transport.proto.MigrateRequest;
import io.atoll.transport.proto.MigrateResponse;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;
import java.io.IOException;
import java.util.List;

/**
 * The replication calls this node serves for its replicas: records from their primaries, writes and read
 * confirmations for the shards it leads, and a replica's position (for failover). A request carries the sender's
 * metadata index, and is judged only once this node has acted on that much metadata.
 */
public final class ReplicationService implements ReplicationHandler {

    private final LocalReplicas replicas;
    private final NodeMetadata metadata;
    private final ReplicationCounters counters;

    public ReplicationService(LocalReplicas replicas, NodeMetadata metadata, ReplicationCounters counters) {
        this.replicas = replicas;
        this.metadata = metadata;
        this.counters = counters;
    }

    @Override
    public ReplicateResponse replicate(ReplicateRequest request) {
        metadata.requireActed(request.getMetadataIndex());
        LocalReplica replica = replicas.require(request.getCollection(), request.getShard());
        if (replica.id().incarnation() != request.getIncarnation()) {
            throw AtollException.notFound("shard " + request.getShard() + " of collection `" + request.getCollection()
                    + "` has incarnation " + replica.id().incarnation() + " here, not " + request.getIncarnation());
        }
        LocalShard shard = replica.shard();
        if (request.hasBeginAt() && request.getTerm() >= shard.term()) {
            shard.copies().beginAt(new LogPosition(request.getBeginAt().getSeq(), request.getBeginAt().getTerm()));
        }
        Replicated r;
        if (!request.getCopied().isEmpty()) {
            ScoredPoint[] copied;
            try {
                copied = WireCodec.decode(request.getCopied().toByteArray(), ScoredPoint[].class);
            } catch (IOException e) {
                throw AtollException.badRequest("malformed copied points: " + e.getMessage());
            }
            r = shard.copies().applyCopied(request.getTerm(), List.of(copied));
        } else {
            List<LoggedOp> ops = request.getRecordsList().stream()
                    .map(w -> new LoggedOp(w.getSeq(), w.getTerm(), w.getOperation().toByteArray())).toList();
            r = shard.applyReplicated(request.getTerm(), ops, request.getWaitVisible());
            counters.recordsAppended(r.appended());
        }
        ReplicateResponse.Outcome outcome = switch (r.outcome()) {
            case APPLIED, DUPLICATE -> ReplicateResponse.Outcome.APPLIED;
            case GAP -> ReplicateResponse.Outcome.GAP;
            case STALE_TERM -> ReplicateResponse.Outcome.STALE_TERM;
        };
        return ReplicateResponse.newBuilder().setOutcome(outcome).setLastSeq(r.position().seq()).setTerm(r.term())
                .setLastRecordTerm(r.position().term()).setIncomplete(shard.copies().incomplete()).build();
    }

    @Override
    public ForwardResponse forward(ForwardRequest request) {
        metadata.requireActed(request.getMetadataIndex());
        PointsUpdate part;
        try {
            part = WireCodec.decode(request.getUpdate().toByteArray(), PointsUpdate.class);
        } catch (IOException e) {
            throw AtollException.badRequest("malformed forwarded update: " + e.getMessage());
        }
        long seq = leader(request.getCollection(), request.getShard()).writeAsPrimary(part, request.getWait(),
                request.getRoutedAt());
        return ForwardResponse.newBuilder().setSeq(seq).build();
    }

    @Override
    public ConfirmReadResponse confirmRead(ConfirmReadRequest request) {
        metadata.requireActed(request.getMetadataIndex());
        leader(request.getCollection(), request.getShard()).confirmRead(request.getTerm(), request.getPositionsList());
        return ConfirmReadResponse.getDefaultInstance();
    }

    /** The local replica asked to act as primary; a node holding none is not the primary either. */
    private LocalReplica leader(String collection, int shard) {
        LocalReplica r = replicas.get(collection, shard);
        if (r == null) {
            throw AtollException.notPrimary("this peer holds no replica of shard " + shard + " of collection `"
                    + collection + "`");
        }
        return r;
    }

    @Override
    public MigrateResponse migrate(MigrateRequest request) {
        metadata.requireActed(request.getMetadataIndex());
        ShardOperation op = null;
        List<ScoredPoint> page = null;
        try {
            if (request.getIsPage()) {
                page = List.of(WireCodec.decode(request.getPage().toByteArray(), ScoredPoint[].class));
            } else {
                op = OperationCodec.decode(request.getOperation().toByteArray());
            }
        } catch (IOException e) {
            throw AtollException.badRequest("malformed migrated points: " + e.getMessage());
        }
        PointId from = request.getRangeFrom().isEmpty() ? null : PointId.fromKey(request.getRangeFrom().toByteArray());
        PointId to = request.getRangeTo().isEmpty() ? null : PointId.fromKey(request.getRangeTo().toByteArray());
        long seq = leader(request.getCollection(), request.getToShard())
                .writeMigrated(request.getUuid(), request.getFromShard(), request.getSourceTerm(), op, page, from, to);
        return MigrateResponse.newBuilder().setSeq(seq).build();
    }

    @Override
    public ShardStatusResponse shardStatus(ShardStatusRequest request) {
        LocalShard shard = replicas.require(request.getCollection(), request.getShard()).shard();
        return ShardStatusResponse.newBuilder().setLastSeq(shard.lastSeq()).setTerm(shard.term()).build();
    }
}
