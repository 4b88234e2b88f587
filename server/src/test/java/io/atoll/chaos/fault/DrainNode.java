package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Drains a node through a random up node (POST /cluster/peer/{id}/drain) while the faults and the rebalancer go on.
 * Healed in one of two ways: {@code remove} waits a while for the drain to finish and then removes the node
 * without force and stops it for good (the scale-in sequence; only joined nodes, so the cluster keeps its initial
 * size), cancelling the drain if it does not finish or stops; otherwise the drain is cancelled part way. A drain
 * that is refused or cannot be asked is not a finding (the cluster may have no leader); lost or divergent data is.
 */
public final class DrainNode implements Fault {
    private static final long FINISH_MILLIS = 20_000;

    private final boolean remove;

    public DrainNode(boolean remove) {
        this.remove = remove;
    }

    public String name() {
        return remove ? "drain-and-remove" : "drain-and-cancel";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        int initial = world.scenario().nodes();
        List<Integer> up = world.upMembers();
        List<Integer> candidates = remove ? up.stream().filter(i -> i >= initial).toList() : up;
        if (candidates.isEmpty() || up.size() < 2) {
            return Optional.empty();
        }
        int node = candidates.get(random.nextInt(candidates.size()));
        List<Integer> others = up.stream().filter(i -> i != node).toList();
        int via = others.get(random.nextInt(others.size()));
        long peer = world.cluster().peerId(node);
        String path = "/cluster/peer/" + peer + "/drain";
        RestClient.Response r;
        try {
            r = world.patientClient(via).post(path, null);
        } catch (RuntimeException e) {
            return Optional.of(Completed.of("draining node " + node + " failed: " + e.getMessage()));
        }
        if (r.status() != 200) {
            return Optional.of(Completed.of("draining node " + node + " refused: " + r));
        }
        return Optional.of(new Disruption() {
            public String describe() {
                return "drain node " + node + " (peer " + peer + ") through node " + via
                        + (remove ? ", then remove it" : ", then cancel");
            }

            public void heal(ChaosWorld w) throws InterruptedException {
                int asker = w.upMembers().stream().filter(i -> i != node).findFirst().orElse(via);
                RestClient client = w.patientClient(asker);
                long deadline = System.currentTimeMillis() + (remove ? FINISH_MILLIS : 0);
                String state = state(client, path);
                while (remove && state.equals("draining") && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                    state = state(client, path);
                }
                if (remove && state.equals("done")) {
                    RestClient.Response removed = client.delete("/cluster/peer/" + peer);
                    if (removed.status() == 200) {
                        w.cluster().kill9(node);
                        w.markRemoved(node);
                        w.history().nemesis("info", name(), "node " + node + " drained and removed without force");
                        return;
                    }
                    w.history().nemesis("info", name(), "removing drained node " + node + " refused: " + removed);
                }
                try {
                    client.delete(path);
                } catch (RuntimeException e) {
                    w.history().nemesis("info", name(), "cancelling the drain failed: " + e.getMessage());
                }
                w.history().nemesis("info", name(), "drain of node " + node + " ended " + state + ", cancelled");
            }
        });
    }

    private static String state(RestClient client, String path) {
        try {
            JsonNode s = client.get(path).result();
            return s == null ? "unknown" : s.path("state").asText("unknown");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
