package io.atoll.chaos.workload;

import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.check.Findings;

/**
 * Clients that run through a whole chaos run, recording every operation in the history, and the checker that
 * judges them once the cluster has healed and settled.
 */
public interface Workload {
    String name();

    /** Creates what the clients need (collections), before any fault. */
    void setUp(ChaosWorld world);

    /** Starts the clients; they run until {@link #stop}. */
    void start(ChaosWorld world);

    void stop();

    /** Waits, within reason, until the cluster has caught up on this workload's data (replicas agree). */
    default void settle(ChaosWorld world) {
    }

    /** Reads the final state and compares it with the history. */
    void check(ChaosWorld world, Findings findings);
}
