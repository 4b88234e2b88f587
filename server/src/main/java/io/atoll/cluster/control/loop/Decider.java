package io.atoll.cluster.control.loop;

import java.util.List;

/**
 * One rule the cluster keeps by itself (failover; later recovery, replication-factor upkeep, rebalancing, drain).
 * A pure function of what the leader sees: it proposes nothing itself and says why it decided what it did.
 */
public interface Decider {
    /** A short name for logs. */
    String name();

    List<Decision> decide(ControlView view);
}
