package io.atoll.cluster.control.loop;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ShardInfo;
import java.util.Map;

/**
 * A shard's replicas as the replication factor counts them, in one round's view.
 *
 * @param good       in sync, not leaving, on a node not lost: each holds every acknowledged write
 * @param coming     being filled: the target of a running transfer, or of an operation not started yet
 * @param recovering not in sync and not being filled, on a node not lost: the recovery will bring them back
 * @param factor     the collection's replication factor
 */
public record ReplicaCount(int good, int coming, int recovering, int factor) {
    public static ReplicaCount of(ControlView view, CollectionMeta c, ShardInfo s) {
        int good = 0;
        int coming = 0;
        int recovering = 0;
        for (Map.Entry<Long, Replica> e : s.replicas().entrySet()) {
            long peer = e.getKey();
            Replica r = e.getValue();
            if (s.transferTo(peer) != null) {
                coming++;
            } else if (view.lost().contains(peer)) {
                continue;
            } else if (r.state().isInSync()) {
                good += r.leaving() ? 0 : 1;
            } else {
                recovering++;
            }
        }
        for (ReplicationOp op : view.image().operations().values()) {
            if (!op.state().finished() && op.collection().equals(c.name()) && op.shard() == s.id()
                    && !s.hasReplicaOn(op.target())) {
                coming++;
            }
        }
        return new ReplicaCount(good, coming, recovering, c.params().replicationFactor());
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
