package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Starts a node again with its wall clock moved by up to an hour either way (through libfaketime); the monotonic
 * clock is left alone, as NTP leaves it. Healed by starting it again on the true time. The node is stopped
 * cleanly each time, so the fault is the clock, not a crash; the clock does not jump under a running node,
 * since libfaketime re-reading a changed offset froze JVMs now and then (see ChaosWorld).
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
        startWithOffset(world, node, (seconds >= 0 ? "+" : "") + seconds);
        return Optional.of(new Disruption() {
            public String describe() {
                return "node " + node + " restarted with its clock moved by " + seconds + " s";
            }

            public void heal(ChaosWorld w) throws IOException {
                startWithOffset(w, node, "+0");
            }
        });
    }

    private static void startWithOffset(ChaosWorld world, int node, String offset) throws IOException {
        Files.writeString(world.faketimeFile(node), offset + "\n");
        try {
            world.cluster().node(node).stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        world.restart(node);
    }
}
