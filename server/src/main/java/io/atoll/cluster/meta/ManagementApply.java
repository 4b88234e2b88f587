package io.atoll.cluster.meta;

import static io.atoll.cluster.meta.ApplyResult.ok;
import static io.atoll.cluster.meta.ApplyResult.refused;

import io.atoll.cluster.meta.Rejection.Reason;

/**
 * The self-management part of {@link MetadataApply}: the rebalancer's switch, drains, and retiring a replica above
 * the replication factor. Pure functions of an image and a record.
 */
final class ManagementApply {
    private ManagementApply() {
    }

    static ApplyResult setRebalance(ClusterImage image, MetadataRecord.SetRebalance r) {
        return ok(image.withManagement(image.management().withRebalance(r.enabled(), r.movePinned())));
    }

    static ApplyResult startDrain(ClusterImage image, MetadataRecord.StartDrain d) {
        if (!image.peers().containsKey(d.peer())) {
            return refused(image, Reason.NOT_FOUND, "Peer " + d.peer() + " does not exist");
        }
        Drain running = image.management().drains().get(d.peer());
        if (running != null && !running.stopped()) {
            return ok(image); // idempotent: it goes on as it was
        }
        Drain next = running == null ? new Drain(d.peer(), d.atMillis(), null, 0) : running.resumed(d.atMillis());
        return ok(image.withManagement(image.management().withDrain(next)));
    }

    static ApplyResult stopDrain(ClusterImage image, MetadataRecord.StopDrain d) {
        Drain running = image.management().drains().get(d.peer());
        if (running == null || running.stopped()) {
            return refused(image, Reason.UNEXPECTED_STATE, "peer " + d.peer() + " is not being drained");
        }
        return ok(image.withManagement(image.management().withDrain(running.stoppedBecause(d.reason(), d.atMillis()))));
    }

    /** Ends the drain; its operations that can still be cancelled are (their targets were never in sync). */
    static ApplyResult cancelDrain(ClusterImage image, MetadataRecord.CancelDrain d, long index) {
        if (!image.management().drains().containsKey(d.peer())) {
            return refused(image, Reason.NOT_FOUND, "peer " + d.peer() + " is not being drained");
        }
        ClusterImage next = image.withManagement(image.management().withoutDrain(d.peer()));
        for (ReplicationOp op : image.operations().values()) {
            if (op.origin() == ReplicaOrigin.DRAIN && op.cancelable() && (op.source() == d.peer()
                    || drainsFrom(image, op, d.peer()))) {
                next = ReplicationApply.cancel(next, op.withCancelRequested(), "the drain of peer " + d.peer()
                        + " was cancelled", d.atMillis(), index);
            }
        }
        return ok(next);
    }

    static ApplyResult retire(ClusterImage image, MetadataRecord.RetireReplica r) {
        CollectionMeta c = image.collections().get(r.collection());
        ShardInfo s = c == null ? null : c.shard(r.shard());
        Replica replica = s == null ? null : s.replicas().get(r.peer());
        if (replica == null || replica.incarnation() != r.incarnation()) {
            return refused(image, Reason.NOT_FOUND, "shard " + r.collection() + "/" + r.shard()
                    + " has no such replica on peer " + r.peer());
        }
        if (!r.retire()) {
            if (!replica.leaving() || image.operationHolds(r.collection(), r.shard(), r.peer())) {
                return refused(image, Reason.UNEXPECTED_STATE, "the replica of shard " + r.collection() + "/"
                        + r.shard() + " on peer " + r.peer() + " is not retired (or a move drops it)");
            }
            return ok(image.withCollection(c.withShard(s.withLeaving(r.peer(), false))));
        }
        if (!replica.state().isInSync() || s.primary() == r.peer() || replica.leaving()
                || image.operationHolds(r.collection(), r.shard(), r.peer())) {
            return refused(image, Reason.UNEXPECTED_STATE, "the replica of shard " + r.collection() + "/" + r.shard()
                    + " on peer " + r.peer() + " is the primary, not in sync, already leaving or being moved");
        }
        return ok(image.withCollection(c.withShard(s.withLeaving(r.peer(), true))));
    }

    static ApplyResult dropRetired(ClusterImage image, MetadataRecord.DropRetired r) {
        CollectionMeta c = image.collections().get(r.collection());
        ShardInfo s = c == null ? null : c.shard(r.shard());
        Replica replica = s == null ? null : s.replicas().get(r.peer());
        if (replica == null || replica.incarnation() != r.incarnation() || !replica.leaving() || s.primary() == r.peer()
                || image.operationHolds(r.collection(), r.shard(), r.peer())) {
            return refused(image, Reason.UNEXPECTED_STATE, "the replica of shard " + r.collection() + "/" + r.shard()
                    + " on peer " + r.peer() + " is no longer a retired one");
        }
        return ok(image.withCollection(c.withShard(s.withoutReplica(r.peer()))));
    }

    /** A drain's copy of a replica that was not in sync: its source is the primary, the drained node holds the shard. */
    private static boolean drainsFrom(ClusterImage image, ReplicationOp op, long peer) {
        CollectionMeta c = image.collections().get(op.collection());
        ShardInfo s = c == null ? null : c.shard(op.shard());
        return s != null && s.hasReplicaOn(peer);
    }
}
