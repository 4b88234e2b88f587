package io.atoll.cluster.meta;

import io.atoll.point.ShardKey;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One shard of a collection: its replicas by peer, its primary and the primary's term, and the transfers filling
 * some of its replicas (by target peer). Immutable; transitions return new values and keep the invariants the
 * constructor checks. The term grows whenever the primary changes, and every data-plane request carries it, so a
 * deposed primary's writes are rejected.
 *
 * @param primary the peer of the primary replica, 0 when the shard has none (no in-sync replica left)
 * @param key     the user's shard key this shard belongs to in a collection sharded by key; null when automatic
 */
public record ShardInfo(int id, SortedMap<Long, Replica> replicas, long primary, long term,
                        SortedMap<Long, ShardTransfer> transfers, ShardKey key) {

    public ShardInfo {
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        transfers = Collections.unmodifiableSortedMap(transfers == null ? new TreeMap<>() : new TreeMap<>(transfers));
        if (primary != 0 && (!replicas.containsKey(primary) || !replicas.get(primary).state().canBePrimary())) {
            throw new IllegalArgumentException("primary " + primary + " of shard " + id + " is not an in-sync replica: " + replicas);
        }
        if (term < 0) {
            throw new IllegalArgumentException("negative term");
        }
        for (Map.Entry<Long, ShardTransfer> e : transfers.entrySet()) {
            ShardTransfer t = e.getValue();
            Replica target = replicas.get(t.to());
            if (e.getKey() != t.to() || t.shard() != id || !replicas.containsKey(t.from()) || target == null
                    || target.incarnation() != t.toIncarnation() || target.state() != t.method().targetState()) {
                throw new IllegalArgumentException("transfer " + t + " does not match the replicas of shard " + id
                        + ": " + replicas);
            }
        }
    }

    public ShardInfo(int id, SortedMap<Long, Replica> replicas, long primary, long term) {
        this(id, replicas, primary, term, null, null);
    }

    public ShardInfo(int id, SortedMap<Long, Replica> replicas, long primary, long term,
                     SortedMap<Long, ShardTransfer> transfers) {
        this(id, replicas, primary, term, transfers, null);
    }

    /** The same shard under {@code shardKey}. */
    ShardInfo withKey(ShardKey shardKey) {
        return new ShardInfo(id, replicas, primary, term, transfers, shardKey);
    }

    /** The state of the replica on {@code peer}; null when the shard has none there. */
    public ReplicaState state(long peer) {
        Replica r = replicas.get(peer);
        return r == null ? null : r.state();
    }

    /**
     * Whether readers use the replica on {@code peer}: its state serves reads, and it is not leaving while another
     * replica that is not leaving does (a move's source that is the only one left serves until it is dropped).
     */
    public boolean readable(long peer) {
        Replica r = replicas.get(peer);
        if (r == null || !r.state().isReadable()) {
            return false;
        }
        return !r.leaving() || replicas.entrySet().stream().noneMatch(e -> e.getKey() != peer
                && !e.getValue().leaving() && e.getValue().state().isReadable());
    }

    public boolean hasReplicaOn(long peer) {
        return replicas.containsKey(peer);
    }

    public long countInState(Predicate<ReplicaState> p) {
        return replicas.values().stream().filter(r -> p.test(r.state())).count();
    }

    /** The transfer filling the replica on {@code peer}; null when none does. */
    public ShardTransfer transferTo(long peer) {
        return transfers.get(peer);
    }

    /**
     * Replaces the replica on {@code peer}. A transfer into it ends when the replica is no longer the incarnation
     * and state it fills (it went Dead, or was replaced): nothing would finish it.
     */
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
        TreeMap<Long, ShardTransfer> t = new TreeMap<>(transfers);
        ShardTransfer into = t.get(peer);
        if (into != null && (into.toIncarnation() != replica.incarnation()
                || into.method().targetState() != replica.state())) {
            t.remove(peer);
        }
        return new ShardInfo(id, r, newPrimary, newTerm, t, key);
    }

    ShardInfo withState(long peer, ReplicaState state) {
        return withReplica(peer, replicas.get(peer).withState(state));
    }

    ShardInfo withLeaving(long peer, boolean leaving) {
        return withReplica(peer, replicas.get(peer).withLeaving(leaving));
    }

    /**
     * Without the replica on {@code peer}. A transfer into it goes with it; a transfer from it cannot continue and
     * is aborted (see {@link #withoutTransfer}).
     */
    ShardInfo withoutReplica(long peer) {
        ShardInfo s = this;
        for (ShardTransfer t : transfers.values()) {
            if (t.from() == peer) {
                s = s.aborted(t);
            }
        }
        TreeMap<Long, Replica> r = new TreeMap<>(s.replicas);
        r.remove(peer);
        TreeMap<Long, ShardTransfer> t = new TreeMap<>(s.transfers);
        t.remove(peer);
        return peer == s.primary ? new ShardInfo(id, r, 0, s.term + 1, t, key) : new ShardInfo(id, r, s.primary, s.term, t, key);
    }

    ShardInfo withPrimary(long peer, long newTerm) {
        return new ShardInfo(id, replicas, peer, newTerm, transfers, key);
    }

    ShardInfo withTransfer(ShardTransfer t) {
        TreeMap<Long, ShardTransfer> m = new TreeMap<>(transfers);
        m.put(t.to(), t);
        return new ShardInfo(id, replicas, primary, term, m, key);
    }

    /** Ends a transfer that did not finish: a copy's target is Dead (recovery may bring it back), a move's is gone. */
    ShardInfo aborted(ShardTransfer t) {
        TreeMap<Long, ShardTransfer> m = new TreeMap<>(transfers);
        m.remove(t.to());
        ShardInfo s = new ShardInfo(id, replicas, primary, term, m, key);
        return t.move() ? s.withoutReplica(t.to()) : s.withState(t.to(), ReplicaState.DEAD);
    }
}
