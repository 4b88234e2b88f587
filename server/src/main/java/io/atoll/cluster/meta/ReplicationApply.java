package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The replication operations' part of {@link MetadataApply}: their own records (register, advance, cancel,
 * delete), and what the transfer records do to the operation a transfer runs for. Pure functions of an image, a
 * record and the Raft index it commits at; times come from the records.
 *
 * <p>Why cancel is one record: it and the transfer's finish are both records, so Raft orders them. A cancel
 * applied first drops the target and the finish that follows finds no transfer; a finish applied first makes the
 * operation uncancelable and the cancel is refused. There is no window in which both happen.
 */
final class ReplicationApply {
    private ReplicationApply() {
    }



    private static ShardInfo shard(ClusterImage image, String collection, int shard) {
        CollectionMeta c = image.collections().get(collection);
        return c == null ? null : c.shard(shard);
    }

    private static ClusterImage withShard(ClusterImage image, String collection, ShardInfo s) {
        return image.withCollection(image.collections().get(collection).withShard(s));
    }

    static ApplyResult register(ClusterImage image, MetadataRecord.RegisterReplication r, long index) {
        ShardInfo s = shard(image, r.collection(), r.shard());
        if (!image.collections().containsKey(r.collection())) {
            return refused(image, Reason.NOT_FOUND, "collection " + r.collection() + " does not exist");
        }
        if (s == null) {
            return refused(image, Reason.NOT_FOUND, "shard " + r.shard() + " of collection " + r.collection()
                    + " does not exist");
        }
        Resharding rs = image.collections().get(r.collection()).resharding();
        if (rs != null && rs.direction() == ReshardingDirection.DOWN && rs.shardId() == r.shard()) {
            // the shard is going away with its replicas: a move could not finish on it (ReshardingApply.busy);
            // TransferApply.start refuses its transfers likewise
            return refused(image, Reason.CONFLICT, "shard " + r.shard() + " of collection " + r.collection()
                    + " is being removed by resharding down");
        }
        for (long node : new long[] {r.source(), r.target()}) {
            if (!image.peers().containsKey(node)) {
                return refused(image, Reason.NOT_FOUND, "node " + node + " does not exist");
            }
        }
        if (r.source() == r.target()) {
            return refused(image, Reason.INVALID, "source and target node are the same");
        }
        if (image.operations().containsKey(r.id())) {
            return refused(image, Reason.ALREADY_EXISTS, "operation " + r.id() + " exists already");
        }
        if (r.method() == null || !r.method().startsEmpty()) {
            return refused(image, Reason.INVALID, "a replica is copied by snapshot or stream_records");
        }
        ReplicaState source = s.state(r.source());
        if (source == null || !source.isInSync()) {
            return refused(image, Reason.INVALID, "node " + name(image, r.source()) + " does not hold an active replica of shard "
                    + r.shard() + " of " + r.collection() + (source == null ? "" : " (it is " + source.apiName() + ")"));
        }
        // Before the target's replica: the target a running operation fills holds one already, and that is the conflict.
        for (ReplicationOp other : image.operations().values()) {
            if (!other.collection().equals(r.collection()) || other.shard() != r.shard() || other.state().finished()) {
                continue;
            }
            boolean sameReplica = other.holds(r.source()) || other.holds(r.target());
            // Several copies may read one source at once; a move, or a replica still being filled, may not be shared.
            if (sameReplica && (other.type() == ReplicationOpType.MOVE || r.type() == ReplicationOpType.MOVE
                    || other.target() == r.source() || other.target() == r.target())) {
                return refused(image, Reason.CONFLICT, "replica of shard " + r.shard() + " of " + r.collection()
                        + " is already being replicated by operation " + other.id());
            }
        }
        if (s.hasReplicaOn(r.target())) {
            return refused(image, Reason.ALREADY_EXISTS, "node " + name(image, r.target()) + " already holds a replica of shard "
                    + r.shard() + " of " + r.collection());
        }
        ReplicationOp op = new ReplicationOp(r.id(), r.collection(), r.shard(), r.source(), r.target(), r.type(),
                r.method(), r.atMillis(), new ReplicationOpStatus(ReplicationOpState.REGISTERED, r.atMillis(), null),
                null, false, false, 0, index, r.origin());
        return ok(image.withOperation(op));
    }

    private static String name(ClusterImage image, long peer) {
        PeerInfo p = image.peers().get(peer);
        return p == null ? Long.toString(peer) : p.name();
    }

    static ApplyResult advance(ClusterImage image, MetadataRecord.AdvanceReplication r, long index) {
        ReplicationOp op = image.operations().get(r.id());
        if (op == null) {
            return refused(image, Reason.NOT_FOUND, "operation " + r.id() + " does not exist");
        }
        if (op.state() != r.from() || op.state().finished()) {
            return refused(image, Reason.UNEXPECTED_STATE, "operation " + r.id() + " is " + op.state() + ", not " + r.from());
        }
        ShardInfo s = shard(image, op.collection(), op.shard());
        String gone = s == null ? "shard " + op.shard() + " of " + op.collection() + " no longer exists"
                : !image.peers().containsKey(op.source()) ? "source node " + op.source() + " left the cluster"
                : !image.peers().containsKey(op.target()) ? "target node " + op.target() + " left the cluster"
                : op.state() != ReplicationOpState.DEHYDRATING && !s.hasReplicaOn(op.source())
                ? "the source replica was removed" : null;
        if (gone != null) {
            return ok(op.cancelable() ? cancel(image, op, gone, r.atMillis(), index)
                    : leftBehind(image, op, s, gone, r.atMillis(), index));
        }
        return switch (op.state()) {
            case REGISTERED, HYDRATING, FINALIZING -> startTransfer(image, op, s, r.atMillis(), index);
            case DEHYDRATING -> dropSource(image, op, s, r.atMillis(), index);
            case READY, CANCELLED -> refused(image, Reason.UNEXPECTED_STATE, "operation " + r.id() + " is over");
        };
    }

    private static ApplyResult startTransfer(ClusterImage image, ReplicationOp op, ShardInfo s, long at, long index) {
        ShardTransfer running = s.transferTo(op.target());
        if (running != null && op.id().equals(running.operation())) {
            return refused(image, Reason.UNEXPECTED_STATE, "the transfer of operation " + op.id() + " runs");
        }
        ReplicaState now = s.state(op.target());
        if (running == null && now != null && now.isInSync() && op.state() != ReplicationOpState.REGISTERED) {
            // The operation's transfer was lost when its target went Dead, and the recovery of that replica made
            // it Active by a transfer of its own: the target holds every acknowledged write, which is what the
            // operation was for, and starting its transfer again would only be refused until it cancels itself.
            ShardInfo done = op.type() == ReplicationOpType.MOVE ? s.withLeaving(op.source(), true) : s;
            return ok(finished(withShard(image, op.collection(), done), op.withTransfer(0), at, index));
        }
        if (op.transferIncarnation() != 0) {
            // The transfer ended without an abort saying why (its target went Dead, or was removed): say it here.
            ReplicaState target = s.state(op.target());
            ClusterImage noted = error(image, op.withTransfer(0), "the transfer into node " + name(image, op.target())
                    + " ended: its replica " + (target == null ? "was removed" : "is " + target.apiName()), at, index);
            ReplicationOp after = noted.operations().get(op.id());
            if (after.state() == ReplicationOpState.CANCELLED) {
                return ok(noted);
            }
            image = noted;
            op = after;
        }
        MetadataRecord.StartTransfer start = new MetadataRecord.StartTransfer(op.collection(), op.shard(), op.source(),
                op.target(), op.method(), op.type() == ReplicationOpType.MOVE, op.origin().automatic(), at);
        TransferApply.Outcome o = TransferApply.start(image, s, start, index, op.id());
        if (o.rejection() != null) {
            return ok(error(image, op, "could not start the transfer: " + o.rejection().message(), at, index));
        }
        ReplicationOp started = (op.state() == ReplicationOpState.HYDRATING ? op
                : op.to(ReplicationOpState.HYDRATING, at, index)).withTransfer(o.shard().transferTo(op.target())
                .toIncarnation());
        return ok(withShard(image, op.collection(), o.shard()).withOperation(started));
    }

    /**
     * DEHYDRATING: the move's source leaves. A source that leads again (elected after a failover) first hands the
     * shard back to the Active target, and the operation waits once more for every node to follow that.
     */
    private static ApplyResult dropSource(ClusterImage image, ReplicationOp op, ShardInfo s, long at, long index) {
        if (!s.hasReplicaOn(op.source())) {
            return ok(image.withOperation(op.to(ReplicationOpState.READY, at, index)));
        }
        ReplicaState target = s.state(op.target());
        if (target == null || !target.isInSync()) {
            return ok(error(image, op, "the target replica is " + (target == null ? "gone" : target.apiName())
                    + ": the source stays until it is Active again", at, index));
        }
        if (s.primary() == op.source()) {
            ShardInfo handed = s.withPrimary(op.target(), s.term() + 1);
            return ok(withShard(image, op.collection(), handed).withOperation(op.waitingFrom(index)));
        }
        return ok(withShard(image, op.collection(), s.withoutReplica(op.source()))
                .withOperation(op.to(ReplicationOpState.READY, at, index)));
    }

    /**
     * A move past the point of no return (DEHYDRATING: its target is Active, its source leaving) whose shard or one
     * of whose nodes is gone. It must end, since no later record brings them back: READY when the source's node
     * left and the target is in sync (the node took its replicas with it, and the source being gone is what
     * dropping it was for), else CANCELLED. A source still marked leaving becomes an ordinary replica again, so the
     * shard keeps it. Either way the operation notes why.
     */
    private static ClusterImage leftBehind(ClusterImage image, ReplicationOp op, ShardInfo s, String gone, long at,
                                           long index) {
        ReplicaState target = s == null ? null : s.state(op.target());
        if (!image.peers().containsKey(op.source()) && target != null && target.isInSync()) {
            return image.withOperation(op.to(ReplicationOpState.READY, at, index).withError(gone, at));
        }
        ClusterImage next = image;
        Replica source = s == null ? null : s.replicas().get(op.source());
        if (source != null && source.leaving()) {
            next = withShard(image, op.collection(), s.withLeaving(op.source(), false));
        }
        return next.withOperation(op.to(ReplicationOpState.CANCELLED, at, index).withError(gone, at));
    }

    static ApplyResult cancel(ClusterImage image, MetadataRecord.CancelReplication r, long index) {
        ReplicationOp op = image.operations().get(r.id());
        if (op == null) {
            return refused(image, Reason.NOT_FOUND, "operation " + r.id() + " does not exist");
        }
        if (!op.cancelable()) {
            return refused(image, Reason.CONFLICT, "operation " + r.id() + " is " + op.state()
                    + " and can no longer be cancelled");
        }
        return ok(cancel(image, op.withCancelRequested(), r.reason(), r.atMillis(), index));
    }

    /**
     * CANCELLED, with the reason kept as the state's error (none for a user's cancel): the transfer stops and the
     * target's replica is dropped. It is not in sync (else the operation could not be cancelled), so nothing
     * acknowledged is lost with it.
     */
    static ClusterImage cancel(ClusterImage image, ReplicationOp op, String reason, long at, long index) {
        ShardInfo s = shard(image, op.collection(), op.shard());
        ClusterImage next = image;
        if (s != null && s.hasReplicaOn(op.target()) && !s.state(op.target()).isInSync()) {
            next = withShard(image, op.collection(), s.withoutReplica(op.target()));
        }
        ReplicationOp cancelled = op.to(ReplicationOpState.CANCELLED, at, index);
        return next.withOperation(reason == null ? cancelled : cancelled.withError(reason, at));
    }

    /** An error in the operation's current state; too many cancel it, while it can be. */
    private static ClusterImage error(ClusterImage image, ReplicationOp op, String message, long at, long index) {
        ReplicationOp noted = op.withError(message, at);
        if (noted.status().errors().size() >= ReplicationOp.MAX_ERRORS && noted.cancelable()) {
            return cancel(image, noted, "cancelled after " + ReplicationOp.MAX_ERRORS + " errors in "
                    + op.state() + "; the last: " + message, at, index);
        }
        return image.withOperation(noted);
    }

    static ApplyResult delete(ClusterImage image, MetadataRecord.DeleteReplications r, long index) {
        List<String> gone = new ArrayList<>();
        ClusterImage next = image;
        for (String id : r.ids()) {
            ReplicationOp op = next.operations().get(id);
            if (op == null) {
                continue;
            }
            if (r.force()) {
                next = forget(next, op);
            } else if (op.cancelable()) {
                next = cancel(next, op, null, r.atMillis(), index);
            } else if (!op.state().finished()) {
                continue;
            }
            gone.add(id);
        }
        if (gone.isEmpty() && !r.ids().isEmpty()) {
            boolean anyExists = r.ids().stream().anyMatch(image.operations()::containsKey);
            return anyExists ? refused(image, Reason.CONFLICT, "operation " + String.join(", ", r.ids())
                    + " can no longer be cancelled, so it cannot be deleted until it is READY")
                    : refused(image, Reason.NOT_FOUND, "operation " + String.join(", ", r.ids()) + " does not exist");
        }
        return ok(next.withoutOperations(gone));
    }

    /** A force-deleted move that was dropping its source leaves that source as an ordinary replica. */
    private static ClusterImage forget(ClusterImage image, ReplicationOp op) {
        ShardInfo s = shard(image, op.collection(), op.shard());
        Replica source = s == null ? null : s.replicas().get(op.source());
        if (op.state() == ReplicationOpState.DEHYDRATING && source != null && source.leaving()) {
            return withShard(image, op.collection(), s.withLeaving(op.source(), false));
        }
        return image;
    }

    // ---- what transfer records do to the operation their transfer runs for ----

    /** The running operation a transfer of the shard in {@code image} into {@code to} runs for, or null. */
    static ReplicationOp operationOf(ClusterImage image, String collection, int shard, long to) {
        ShardInfo s = shard(image, collection, shard);
        ShardTransfer t = s == null ? null : s.transferTo(to);
        ReplicationOp op = t == null || t.operation() == null ? null : image.operations().get(t.operation());
        return op == null || op.state().finished() ? null : op;
    }

    /** A checkpoint: the target caught up (FINALIZING), or the transfer meets an error (noted when it changes). */
    static ClusterImage progressed(ClusterImage after, ReplicationOp op, MetadataRecord.TransferProgressed r,
                                   TransferCheckpoint before, long index) {
        TransferCheckpoint c = r.checkpoint();
        if (c.error() != null && !c.error().equals(before.error())) {
            after = error(after, op, c.error(), r.atMillis(), index);
            op = after.operations().get(op.id());
            if (op.state() == ReplicationOpState.CANCELLED) {
                return after;
            }
        }
        if (op.state() == ReplicationOpState.HYDRATING && c.stage().compareTo(TransferStage.WAITING_CONSENSUS) >= 0) {
            return after.withOperation(op.to(ReplicationOpState.FINALIZING, r.atMillis(), index));
        }
        return after;
    }

    /** The target is Active: no way back. A copy is done; a move's source (leaving now) is dropped next. */
    static ClusterImage finished(ClusterImage after, ReplicationOp op, long at, long index) {
        ReplicationOp sure = op.madeUncancelable();
        if (sure.state() == ReplicationOpState.HYDRATING) {
            sure = sure.to(ReplicationOpState.FINALIZING, at, index);
        }
        return after.withOperation(sure.to(op.type() == ReplicationOpType.MOVE ? ReplicationOpState.DEHYDRATING
                : ReplicationOpState.READY, at, index));
    }

    static ClusterImage aborted(ClusterImage after, ReplicationOp op, String reason, long at, long index) {
        return error(after, op.withTransfer(0), "the transfer was aborted: " + reason, at, index);
    }

    static ClusterImage restarted(ClusterImage after, ReplicationOp op, String collection, int shard) {
        ShardTransfer t = shard(after, collection, shard).transferTo(op.target());
        return after.withOperation(op.withTransfer(t.toIncarnation()));
    }
}
