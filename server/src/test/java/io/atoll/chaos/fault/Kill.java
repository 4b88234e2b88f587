package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/** kill -9 of a running node; healed by starting it again on the same storage. */
public final class Kill implements Fault {
    public String name() {
        return "kill";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws InterruptedException {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
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
