package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.ReplicationOp;
import io.atoll.cluster.meta.ReplicationOpType;
import io.atoll.cluster.meta.ShardInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A shard's replicas as they will be once its running replication operations finish: every copy's or move's
 * target (registered ones have no replica yet), no move's source. A scale plan counts these, not today's replicas:
 * else a scale-down while copies are pending answers "nothing to remove" and the copies then land over the factor,
 * and a move in flight (source and target both present) looks like a replica too many. Immutable.
 *
 * @param peers    the peers that will hold a replica
 * @param targetOf the operation each peer is the target of, while that operation can still be cancelled: a plan
 *                 removes such a replica by cancelling its operation (a bare removal would be undone by it)
 * @param held     the peers a plan may not remove: the sources of running operations, and targets past cancelling
 */
record SettledShard(Set<Long> peers, Map<Long, ReplicationOp> targetOf, Set<Long> held) {
    SettledShard {
        peers = Set.copyOf(peers);
        targetOf = Map.copyOf(targetOf);
        held = Set.copyOf(held);
    }

    static SettledShard of(ClusterImage image, String collection, ShardInfo s) {
        Set<Long> peers = new TreeSet<>(s.replicas().keySet());
        Map<Long, ReplicationOp> targetOf = new TreeMap<>();
        Set<Long> held = new TreeSet<>();
        for (ReplicationOp op : image.operations().values()) {
            if (op.state().finished() || !op.collection().equals(collection) || op.shard() != s.id()) {
                continue;
            }
            peers.add(op.target());
            if (op.type() == ReplicationOpType.MOVE) {
                peers.remove(op.source());
            }
            held.add(op.source());
            if (op.cancelable()) {
                targetOf.put(op.target(), op);
            } else {
                held.add(op.target());
            }
        }
        return new SettledShard(peers, targetOf, held);
    }

    /** The number of replicas the shard will hold. */
    int count() {
        return peers.size();
    }
}
