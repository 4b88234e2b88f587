package io.atoll.cluster.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * A replica movement as users see it (Weaviate's replication operation): copy or move the replica of a shard from
 * {@code source} to {@code target}, through a transfer, in the states of {@link ReplicationOpState}. Kept in the
 * image, so it survives leader changes and restarts and every node answers the same about it; its steps are
 * records proposed by the leader's controller loop. Immutable.
 *
 * @param method              how the transfer copies the replica
 * @param status              the current state, since when, with its errors
 * @param history             the earlier states, oldest first
 * @param uncancelable        the target became Active: the operation can only go on
 * @param cancelRequested     a user (or the error budget) cancelled it
 * @param transferIncarnation the incarnation the operation's current transfer fills, 0 when none runs: a transfer
 *                            that vanished without an abort (its target went Dead or was removed) is told apart
 *                            from one never started
 * @param stepIndex           the Raft index of the last state change: the source of a move is dropped only once
 *                            every node has acted on the image that took it out of the readers' routing
 * @param origin              who started it: a user, or the cluster itself (rebalancing, a drain, the replication
 *                            factor); null in older images means a user
 */
public record ReplicationOp(String id, String collection, int shard, long source, long target,
                            ReplicationOpType type, TransferMethod method, long createdAtMillis,
                            ReplicationOpStatus status, List<ReplicationOpStatus> history, boolean uncancelable,
                            boolean cancelRequested, long transferIncarnation, long stepIndex,
                            ReplicaOrigin origin) {
    /** Errors in one state after which an operation cancels itself (while it still can). */
    public static final int MAX_ERRORS = 20;

    public ReplicationOp {
        if (source == target) {
            throw new IllegalArgumentException("an operation needs two nodes, got " + source + " twice");
        }
        history = history == null ? List.of() : List.copyOf(history);
        origin = origin == null ? ReplicaOrigin.USER : origin;
    }

    public ReplicationOpState state() {
        return status.state();
    }

    /** In {@code next} from {@code atMillis} on, committed at {@code index}; the current state goes to history. */
    ReplicationOp to(ReplicationOpState next, long atMillis, long index) {
        List<ReplicationOpStatus> h = new ArrayList<>(history);
        h.add(status);
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis,
                new ReplicationOpStatus(next, atMillis, List.of()), h, uncancelable || next == ReplicationOpState.READY,
                cancelRequested, next.transfers() ? transferIncarnation : 0, index, origin);
    }

    ReplicationOp withError(String message, long atMillis) {
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis,
                status.withError(new ReplicationOpStatus.Error(atMillis, message)), history, uncancelable,
                cancelRequested, transferIncarnation, stepIndex, origin);
    }

    ReplicationOp withTransfer(long incarnation) {
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis, status,
                history, uncancelable, cancelRequested, incarnation, stepIndex, origin);
    }

    /** The same state, waited on anew from {@code index} (a move's source handed the shard back). */
    ReplicationOp waitingFrom(long index) {
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis, status,
                history, uncancelable, cancelRequested, transferIncarnation, index, origin);
    }

    ReplicationOp madeUncancelable() {
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis, status,
                history, true, cancelRequested, transferIncarnation, stepIndex, origin);
    }

    ReplicationOp withCancelRequested() {
        return new ReplicationOp(id, collection, shard, source, target, type, method, createdAtMillis, status,
                history, uncancelable, true, transferIncarnation, stepIndex, origin);
    }

    /** Whether a cancel may still stop it: not once its target is Active, and not once it is over. */
    public boolean cancelable() {
        return !uncancelable && !state().finished();
    }

    /** Whether it holds {@code peer}'s replica of its shard, as source or target, while it runs. */
    public boolean holds(long peer) {
        return !state().finished() && (source == peer || target == peer);
    }
}
