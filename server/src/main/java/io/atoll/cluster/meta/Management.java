package io.atoll.cluster.meta;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the cluster is told at run time about managing itself, kept in the image so that every node and every
 * later leader agree: whether the rebalancer runs (null: as the leader's configuration says), whether it may move
 * replicas a user placed, and the nodes being drained. Immutable.
 */
public record Management(Boolean rebalance, boolean movePinned, SortedMap<Long, Drain> drains) {
    public static final Management DEFAULT = new Management(null, false, null);

    public Management {
        drains = Collections.unmodifiableSortedMap(drains == null ? new TreeMap<>() : new TreeMap<>(drains));
    }

    /** Whether the rebalancer runs, given the leader's configured default. */
    public boolean rebalanceEnabled(boolean configured) {
        return rebalance == null ? configured : rebalance;
    }

    /** Whether {@code peer} is being drained (also when its drain stopped: nothing is placed on it meanwhile). */
    public boolean draining(long peer) {
        return drains.containsKey(peer);
    }

    Management withRebalance(Boolean enabled, Boolean pinned) {
        return new Management(enabled == null ? rebalance : enabled, pinned == null ? movePinned : pinned, drains);
    }

    Management withDrain(Drain d) {
        TreeMap<Long, Drain> m = new TreeMap<>(drains);
        m.put(d.peer(), d);
        return new Management(rebalance, movePinned, m);
    }

    Management withoutDrain(long peer) {
        TreeMap<Long, Drain> m = new TreeMap<>(drains);
        m.remove(peer);
        return new Management(rebalance, movePinned, m);
    }
}
