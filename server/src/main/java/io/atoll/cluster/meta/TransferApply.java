package io.atoll.cluster.meta;

import io.atoll.cluster.meta.Rejection.Reason;

/**
 * The transfer records' part of {@link MetadataApply}: pure functions of a shard, a record and the Raft index it
 * commits at, each returning the new shard or a rejection. Every guard names what the proposer expected, so a
 * record acting on a stale view (another incarnation, another term) changes nothing.
 */
final class TransferApply {
    private TransferApply() {
    }

    /** A new shard, or why not. */
    record Outcome(ShardInfo shard, Rejection rejection) {
        static Outcome ok(ShardInfo s) {
            return new Outcome(s, null);
        }

        static Outcome no(Reason reason, String why) {
            return new Outcome(null, Rejection.of(reason, why));
        }
    }

    static Outcome start(ClusterImage image, ShardInfo s, MetadataRecord.StartTransfer r, long index) {
        return start(image, s, r, index, null);
    }

    /** {@code operation}: the replication operation the transfer runs for, or null. */
    static Outcome start(ClusterImage image, ShardInfo s, MetadataRecord.StartTransfer r, long index,
                         String operation) {
        if (r.method() == null) {
            return Outcome.no(Reason.INVALID, "a transfer needs a method");
        }
        if (!image.peers().containsKey(r.from())) {
            return Outcome.no(Reason.NOT_FOUND, "Peer " + r.from() + " does not exist");
        }
        if (!image.peers().containsKey(r.to())) {
            return Outcome.no(Reason.NOT_FOUND, "Peer " + r.to() + " does not exist");
        }
        if (r.method() == TransferMethod.RESHARDING_STREAM_RECORDS) {
            // It fills another shard's replica, which a transfer here cannot name yet (resharding comes later).
            return Outcome.no(Reason.INVALID, "resharding transfers are started by resharding only");
        }
        CollectionMeta c = image.collections().get(r.collection());
        Resharding rs = c == null ? null : c.resharding();
        if (rs != null && rs.direction() == ReshardingDirection.DOWN && rs.shardId() == r.shard()) {
            // the shard is going away with its replicas; a replica it gains now would go with it
            return Outcome.no(Reason.CONFLICT, "Shard " + r.shard() + " is being removed by resharding down");
        }
        if (r.from() == r.to()) {
            return Outcome.no(Reason.INVALID, "Shard " + r.shard() + " cannot be transferred from peer " + r.from()
                    + " to itself");
        }
        ReplicaState source = s.state(r.from());
        if (source == null || !source.isInSync()) {
            return Outcome.no(Reason.UNEXPECTED_STATE, "Shard " + r.shard() + " is not active on peer " + r.from());
        }
        for (ShardTransfer t : s.transfers().values()) {
            if (t.involves(r.from()) || t.involves(r.to())) {
                return Outcome.no(Reason.ALREADY_EXISTS, "Shard " + r.shard() + " is already involved in transfer "
                        + t.from() + " -> " + t.to());
            }
        }
        Replica existing = s.replicas().get(r.to());
        long incarnation;
        if (existing == null) {
            if (!r.method().startsEmpty()) {
                return Outcome.no(Reason.NOT_FOUND, "Shard " + r.shard() + " has no replica on peer " + r.to()
                        + " to recover by " + r.method().apiName());
            }
            incarnation = index;
        } else if (existing.state() != ReplicaState.DEAD) {
            return Outcome.no(Reason.ALREADY_EXISTS, "Shard " + r.shard() + " is already " + existing.state().apiName()
                    + " on peer " + r.to());
        } else {
            // A Dead replica keeps its files for wal_delta; any other method starts a new incarnation beside them.
            incarnation = r.method().startsEmpty() ? index : existing.incarnation();
        }
        ShardTransfer t = new ShardTransfer(r.shard(), r.from(), r.to(), incarnation, r.method(), r.move(),
                r.automatic(), r.startedAtMillis(), TransferCheckpoint.START, operation);
        return Outcome.ok(s.withReplica(r.to(), new Replica(incarnation, r.method().targetState())).withTransfer(t));
    }

    /** The transfer into exactly that incarnation, or null. */
    private static ShardTransfer find(ShardInfo s, long to, long incarnation) {
        ShardTransfer t = s.transferTo(to);
        return t != null && t.toIncarnation() == incarnation ? t : null;
    }

    private static Outcome noTransfer(ShardInfo s, long to, long incarnation) {
        return Outcome.no(Reason.NOT_FOUND, "Shard " + s.id() + " has no transfer to peer " + to + " (incarnation "
                + incarnation + ")");
    }

    static Outcome progressed(ShardInfo s, MetadataRecord.TransferProgressed r) {
        ShardTransfer t = find(s, r.to(), r.toIncarnation());
        if (t == null) {
            return noTransfer(s, r.to(), r.toIncarnation());
        }
        ShardTransfer next = t.withCheckpoint(r.checkpoint());
        if (!t.targetAwaitsInstall() && next.targetAwaitsInstall()) {
            // A late checkpoint of an earlier driver: the target opened on the installed snapshot and must not be
            // closed again for files it already has.
            return Outcome.no(Reason.UNEXPECTED_STATE, "the snapshot of shard " + s.id() + " is already installed on peer "
                    + r.to());
        }
        return Outcome.ok(s.withTransfer(next));
    }

    /**
     * {@code keepSource}: the transfer is a replication operation's move, whose source leaves the readers first
     * and is dropped by the operation once every node has stopped reading it. {@code opOrigin}: who started the
     * operation the transfer runs for (null: none); the target is marked as placed by it, or by a user for a
     * transfer a user started, while a recovery keeps what its replica had.
     */
    static Outcome finish(ShardInfo s, MetadataRecord.FinishTransfer r, boolean keepSource, ReplicaOrigin opOrigin) {
        ShardTransfer t = find(s, r.to(), r.toIncarnation());
        if (t == null) {
            return noTransfer(s, r.to(), r.toIncarnation());
        }
        if (s.term() != r.term()) {
            return Outcome.no(Reason.STALE_TERM, "shard " + s.id() + " is in term " + s.term() + ", not " + r.term()
                    + ": the primary that caught the target up was deposed");
        }
        // withState ends the transfer too: its target is no longer in the state it filled.
        ShardInfo done = s.withState(r.to(), ReplicaState.ACTIVE);
        ReplicaOrigin placedBy = opOrigin != null ? opOrigin : t.automatic() ? null : ReplicaOrigin.USER;
        if (placedBy != null) {
            done = done.withReplica(r.to(), done.replicas().get(r.to()).placedBy(placedBy));
        }
        if (!t.move() || !done.hasReplicaOn(t.from())) {
            return Outcome.ok(done);
        }
        if (done.primary() == t.from()) {
            // The moved primary hands over to its replacement, which holds every acknowledged write.
            done = done.withPrimary(r.to(), done.term() + 1);
        }
        return Outcome.ok(keepSource ? done.withLeaving(t.from(), true) : done.withoutReplica(t.from()));
    }

    static Outcome abort(ShardInfo s, MetadataRecord.AbortTransfer r) {
        ShardTransfer t = find(s, r.to(), r.toIncarnation());
        return t == null ? noTransfer(s, r.to(), r.toIncarnation()) : Outcome.ok(s.aborted(t));
    }

    static Outcome restart(ShardInfo s, MetadataRecord.RestartTransfer r, long index) {
        if (r.method() == null) {
            return Outcome.no(Reason.INVALID, "a transfer needs a method");
        }
        ShardTransfer t = find(s, r.to(), r.toIncarnation());
        if (t == null) {
            return noTransfer(s, r.to(), r.toIncarnation());
        }
        if (r.method() == TransferMethod.RESHARDING_STREAM_RECORDS) {
            return Outcome.no(Reason.INVALID, "resharding transfers are started by resharding only");
        }
        if (!r.method().startsEmpty() && t.method().startsEmpty()) {
            // The target holds a log from its cutoff and only part of the points: sending what its log lacks
            // would make it Active without the rest.
            return Outcome.no(Reason.INVALID, "a replica filled by " + t.method().apiName() + " cannot go on by "
                    + r.method().apiName() + ": it holds only part of the shard");
        }
        long incarnation = r.method().startsEmpty() ? index : t.toIncarnation();
        ShardTransfer again = t.restarted(r.method(), incarnation);
        // Replacing the replica ends the old transfer (another incarnation or state); the new one takes its place.
        return Outcome.ok(s.withReplica(r.to(), new Replica(incarnation, r.method().targetState())).withTransfer(again));
    }
}
