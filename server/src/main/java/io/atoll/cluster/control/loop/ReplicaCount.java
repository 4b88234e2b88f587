package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ShardInfo;
import java.util.Map;

/**
 * A shard's replicas as the replication factor counts them, in one round's view.
 *
 * @param good       in sync, not leaving, on a node that answers: each holds every acknowledged write and can
 *                   serve; only these make a replica elsewhere safe to remove
 * @param coming     being filled: the target of a running transfer on a node that answers, or of an operation not
 *                   started yet
 * @param recovering on a node that does not answer but is not lost yet, or not in sync and not being filled: the
 *                   node's return or the recovery will bring them back
 * @param factor     the collection's replication factor
 */
public record ReplicaCount(int good, int coming, int recovering, int factor) {
    public static ReplicaCount of(ControlView view, CollectionMeta c, ShardInfo s) {
        return of(view, c, s, 0);
    }

    /** The same, leaving out the replica on {@code without} (a node being drained), 0 for none. */
    public static ReplicaCount of(ControlView view, CollectionMeta c, ShardInfo s, long without) {
        int good = 0;
        int coming = 0;
        int recovering = 0;
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            long peer = e.getKey();
            Replica r = e.getValue();
            if (peer == without || view.lost().contains(peer)) {
                continue;
            } else if (view.down().contains(peer)) {
                recovering++;
            } else if (s.transferTo(peer) != null) {
                coming++;
            } else if (r.state().isInSync()) {
                good += r.leaving() ? 0 : 1;
            } else {
                recovering++;
            }
        }
        for (ReplicationOp op : view.image().operations().values()) {
            if (!op.state().finished() && op.collection().equals(c.name()) && op.shard() == s.id()
                    && !s.hasReplicaOn(op.target()) && !view.down().contains(op.target())) {
                coming++;
            }
        }
        return new ReplicaCount(good, coming, recovering, c.params().replicationFactor());
    }

    /**
     * Whether the collection's shards are kept at its factor: not while a resharding or a tenant promotion places
     * replicas itself, and not in a collection sharded by key, whose keys keep the placement they were created with
     * (the metadata does not keep a key's own factor as a target yet).
     */
    public static boolean keptAtFactor(CollectionMeta c) {
        return c.resharding() == null && c.promotion() == null && !c.params().customSharding();
    }

    /** Whether the shard has its factor in replicas that hold every acknowledged write. */
    public boolean enough() {
        return good >= factor;
    }

    /** How many replicas it lacks even counting what is being filled and recovered (0 or less: none). */
    public int missing() {
        return factor - good - coming - recovering;
    }
}
