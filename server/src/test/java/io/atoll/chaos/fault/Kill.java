package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** kill -9 of a running node; healed by starting it again on the same storage. */
public final class Kill implements Fault {
    public String name() {
        return "kill";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws InterruptedException {
        List<Integer> up = world.upMembers();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        int node = up.get(random.nextInt(up.size()));
        world.cluster().kill9(node);
        return Optional.of(new Disruption() {
            public String describe() {
                return "kill -9 node " + node;
            }

            public void heal(ChaosWorld w) {
                w.restart(node);
            }
        });
    }
}
