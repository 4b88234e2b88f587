package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Removes a node that joined during the run (DELETE /cluster/peer/{id}?force=true through another node), then
 * stops its process for good. Only joined nodes are removed, so the collections the checkers read keep their
 * replicas; replicas of collections created after the join are dropped with the node, as forced removal says.
 */
public final class RemoveNode implements Fault {
    public String name() {
        return "remove-node";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws InterruptedException {
        int initial = world.scenario().nodes();
        List<Integer> joined = world.upMembers().stream().filter(i -> i >= initial).toList();
        List<Integer> others = world.upMembers().stream().filter(i -> i < initial).toList();
        if (joined.isEmpty() || others.isEmpty()) {
            return Optional.empty();
        }
        int node = joined.get(random.nextInt(joined.size()));
        long peer = world.cluster().peerId(node);
        int via = others.get(random.nextInt(others.size()));
        RestClient.Response r;
        try {
            r = world.patientClient(via).delete("/cluster/peer/" + peer + "?force=true");
        } catch (RuntimeException e) {
            return Optional.of(Completed.of("removing node " + node + " failed: " + e.getMessage()));
        }
        if (r.status() != 200) {
            return Optional.of(Completed.of("removing node " + node + " refused: " + r));
        }
        world.cluster().kill9(node);
        world.markRemoved(node);
        return Optional.of(Completed.of("node " + node + " (peer " + peer + ") removed through node " + via));
    }
}
