package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Something the nemesis does to the cluster: a fault (kill, pause, partition, full disk, ...) or a cluster
 * operation run in the middle of faults (a node joining or being removed; later, a replica move or a reshard).
 * New operations join a scenario's schedule by implementing this; the harness does not change.
 */
public interface Fault {
    String name();

    /** What every node must be started with for this fault to reach it. */
    default Set<NodeFeature> needs() {
        return Set.of();
    }

    /** Starts the disruption and says how to end it, or empty when it cannot apply to the cluster as it is now. */
    Optional<Disruption> start(ChaosWorld world, Random random) throws Exception;

    /** A started fault: what it did, and how to undo it. */
    interface Disruption {
        String describe();

        /** Ends the disruption (restarts, resumes, heals); nothing to do for a completed operation. */
        void heal(ChaosWorld world) throws Exception;

        /**
         * Whether the nemesis holds it before the next one. An operation that completed (a join, a transfer
         * started) is not held: what it set going runs on through the next fault.
         */
        default boolean held() {
            return true;
        }
    }
}
