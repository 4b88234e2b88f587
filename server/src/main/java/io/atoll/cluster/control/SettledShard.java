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
 * @param peers     the peers that will hold a replica
 * @param targetOf  the copy each peer is the target of, while that copy can still be cancelled: a plan removes
 *                  such a replica by cancelling its copy (a bare removal would be undone by it)
 * @param held      the peers a plan may not remove: the sources of running operations, both ends of a move
 *                  (cancelling it keeps its source, so the count would not fall), targets past cancelling
 * @param exclusive the peers a new copy may not read from: a move's source or target, a replica being filled
 */
record SettledShard(Set<Long> peers, Map<Long, ReplicationOp> targetOf, Set<Long> held, Set<Long> exclusive) {
    SettledShard {
        peers = Set.copyOf(peers);
        targetOf = Map.copyOf(targetOf);
        held = Set.copyOf(held);
        exclusive = Set.copyOf(exclusive);
    }

    static SettledShard of(ClusterImage image, String collection, ShardInfo s) {
        Set<Long> peers = new TreeSet<>(s.replicas().keySet());
        Map<Long, ReplicationOp> targetOf = new TreeMap<>();
        Set<Long> held = new TreeSet<>();
        Set<Long> exclusive = new TreeSet<>();
        for (ReplicationOp op : image.operations().values()) {
            if (op.state().finished() || !op.collection().equals(collection) || op.shard() != s.id()
                    || !image.peers().containsKey(op.target())) {
                continue; // over, elsewhere, or its target left the cluster (it can only be cancelled now)
            }
            peers.add(op.target());
            held.add(op.source());
            exclusive.add(op.target());
            if (op.type() == ReplicationOpType.MOVE) {
                peers.remove(op.source());
                held.add(op.target());
                exclusive.add(op.source());
            } else if (op.cancelable()) {
                targetOf.put(op.target(), op);
            } else {
                held.add(op.target());
            }
        }
        peers.retainAll(image.peers().keySet());
        return new SettledShard(peers, targetOf, held, exclusive);
    }

    /** Whether a new copy may read from {@code peer}: an in-sync replica no running operation moves or fills. */
    boolean canSource(ShardInfo s, long peer) {
        return s.hasReplicaOn(peer) && s.state(peer).isInSync() && !exclusive.contains(peer);
    }

    /** The number of replicas the shard will hold. */
    int count() {
        return peers.size();
    }
}
