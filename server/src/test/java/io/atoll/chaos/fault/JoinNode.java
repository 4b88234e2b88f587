package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.Optional;
import java.util.Random;

/**
 * A new node joins through --bootstrap in the middle of the faults. A join that does not complete (the cluster has
 * no leader, the node it asked is cut off) is not a finding: the node is killed and counted as removed.
 */
public final class JoinNode implements Fault {
    public String name() {
        return "join-node";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        if (world.cluster().size() >= world.scenario().maxNodes()) {
            return Optional.empty();
        }
        String outcome;
        int node = world.cluster().size();
        try {
            world.cluster().addNode();
            outcome = "node " + node + " joined";
        } catch (java.io.IOException | RuntimeException | AssertionError e) {
            outcome = "node " + node + " did not join: " + e.getMessage().lines().findFirst().orElse("");
            if (world.cluster().size() > node) {
                try {
                    world.cluster().kill9(node);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                world.markRemoved(node);
            }
        }
        String description = outcome;
        return Optional.of(Completed.of(description));
    }
}
