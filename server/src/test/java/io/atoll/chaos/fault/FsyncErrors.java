package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.net.Shell;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Makes every fsync and fdatasync of a node fail (libfiu's posix/io/sync failure points, switched on at run time
 * through fiu-ctrl). Healed by switching them off and restarting the node: after a failed fsync the kernel may have
 * dropped the dirty pages, so the node must not go on as if its log were durable.
 */
public final class FsyncErrors implements Fault {
    private static final String POINTS = "posix/io/sync/*";

    public String name() {
        return "fsync-errors";
    }

    public Set<NodeFeature> needs() {
        return Set.of(NodeFeature.FIU);
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        control(world, node, "enable name=" + POINTS);
        return Optional.of(new Disruption() {
            public String describe() {
                return "fsync fails on node " + node;
            }

            public void heal(ChaosWorld w) {
                if (w.cluster().node(node).isAlive()) {
                    control(w, node, "disable name=" + POINTS);
                }
                w.restart(node);
            }
        });
    }

    private static void control(ChaosWorld world, int node, String command) {
        Shell.run("fiu-ctrl", "-f", world.fiuFifo(node).toString(), "-c", command,
                Long.toString(world.cluster().node(node).pid()));
    }
}
