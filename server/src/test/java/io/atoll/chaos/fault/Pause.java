package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * SIGSTOP of a running node, as a long GC pause or a hung VM looks: its sockets stay open and its peers' calls
 * hang instead of failing. Healed by SIGCONT; the node then runs on with whatever it believed before.
 */
public final class Pause implements Fault {
    public String name() {
        return "pause";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        world.cluster().pause(node);
        return Optional.of(new Disruption() {
            public String describe() {
                return "SIGSTOP node " + node;
            }

            public void heal(ChaosWorld w) {
                if (w.cluster().node(node).isPaused()) {
                    w.cluster().resume(node);
                }
            }
        });
    }
}
