package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Fills a node's disk (its storage is a tmpfs of its own) with a ballast file until writes fail with ENOSPC.
 * Healed as an operator would: delete the ballast and restart the node, since a log that failed a write does not
 * trust itself again until it has been reopened.
 */
public final class DiskFull implements Fault {
    private static final byte[] CHUNK = new byte[1 << 20];

    public String name() {
        return "disk-full";
    }

    public Set<NodeFeature> needs() {
        return Set.of(NodeFeature.TMPFS);
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws IOException {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        Path ballast = world.cluster().node(node).storage().resolve("ballast");
        long written = 0;
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(CHUNK);
                written += CHUNK.length;
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full, which is the point
        }
        long mib = written >> 20;
        return Optional.of(new Disruption() {
            public String describe() {
                return "disk full on node " + node + " (" + mib + " MiB ballast)";
            }

            public void heal(ChaosWorld w) throws IOException {
                Files.deleteIfExists(ballast);
                w.restart(node);
            }
        });
    }
}
