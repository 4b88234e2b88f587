package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Moves a node's wall clock by up to an hour either way (libfaketime reads the offset from a file the harness
 * rewrites). The monotonic clock is left alone, as NTP leaves it. Healed by setting the offset back to zero.
 */
public final class ClockSkew implements Fault {
    public String name() {
        return "clock-skew";
    }

    public Set<NodeFeature> needs() {
        return Set.of(NodeFeature.FAKETIME);
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws IOException {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        long seconds = (30 + random.nextInt(3570)) * (random.nextBoolean() ? 1 : -1);
        Files.writeString(world.faketimeFile(node), (seconds >= 0 ? "+" : "") + seconds + "\n");
        return Optional.of(new Disruption() {
            public String describe() {
                return "clock of node " + node + " moved by " + seconds + " s";
            }

            public void heal(ChaosWorld w) throws IOException {
                Files.writeString(w.faketimeFile(node), "+0\n");
            }
        });
    }
}
