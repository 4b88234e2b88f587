package io.atoll.cluster.meta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One shard of a collection: its replicas by peer, its primary and the primary's term. Immutable; transitions
 * return new values and check their preconditions. The term grows whenever the primary changes, and every
 * data-plane request carries it, so a deposed primary's writes are rejected.
 *
 * @param primary the peer of the primary replica, 0 when the shard has none (no in-sync replica left)
 */
public record ShardInfo(int id, SortedMap<Long, Replica> replicas, long primary, long term) {

    public ShardInfo {
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        if (primary != 0 && (!replicas.containsKey(primary) || !replicas.get(primary).state().canBePrimary())) {
            throw new IllegalArgumentException("primary " + primary + " of shard " + id + " is not an in-sync replica: " + replicas);
        }
        if (term < 0) {
            throw new IllegalArgumentException("negative term");
        }
    }

    /** The state of the replica on {@code peer}; null when the shard has none there. */
    public ReplicaState state(long peer) {
        Replica r = replicas.get(peer);
        return r == null ? null : r.state();
    }

    public boolean hasReplicaOn(long peer) {
        return replicas.containsKey(peer);
    }

    public long countInState(Predicate<ReplicaState> p) {
        return replicas.values().stream().filter(r -> p.test(r.state())).count();
    }

    ShardInfo withReplica(long peer, Replica replica) {
        TreeMap<Long, Replica> r = new TreeMap<>(replicas);
        r.put(peer, replica);
        long newPrimary = primary;
        long newTerm = term;
        if (peer == primary && !replica.state().canBePrimary()) {
            // The primary left the in-sync set: the shard has no primary until one is elected.
            newPrimary = 0;
            newTerm = term + 1;
        }
        return new ShardInfo(id, r, newPrimary, newTerm);
    }

    ShardInfo withState(long peer, ReplicaState state) {
        return withReplica(peer, replicas.get(peer).withState(state));
    }

    ShardInfo withoutReplica(long peer) {
        TreeMap<Long, Replica> r = new TreeMap<>(replicas);
        r.remove(peer);
        return peer == primary ? new ShardInfo(id, r, 0, term + 1) : new ShardInfo(id, r, primary, term);
    }

    ShardInfo withPrimary(long peer, long newTerm) {
        return new ShardInfo(id, replicas, peer, newTerm);
    }
}
