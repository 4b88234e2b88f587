package io.atoll.chaos.fault;

import io.atoll.chaos.ChaosWorld;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Sabotage, not a fault a real cluster meets: writes that the history never hears of. Deletes the points of a
 * collection whose payload {@code v} is below 50 (acknowledged early in the run) and upserts one id no client
 * writes. A working checker must report the deleted points as lost and the forged one as unexpected; only the
 * checker's own test uses this.
 */
public final class ForgedWrites implements Fault {
    public static final long FORGED_ID = 999_999_999L;

    private final String collection;

    public ForgedWrites(String collection) {
        this.collection = collection;
    }

    public String name() {
        return "forged-writes";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        OptionalInt picked = world.randomUpMember(random);
        if (picked.isEmpty()) {
            return Optional.empty();
        }
        int node = picked.getAsInt();
        String base = "/collections/" + collection + "/points";
        var deleted = world.patientClient(node).post(base + "/delete?wait=true", Map.of("filter",
                Map.of("must", List.of(Map.of("key", "v", "range", Map.of("lt", 50)))))).status();
        var forged = world.patientClient(node).put(base + "?wait=true", Map.of("points", List.of(Map.of(
                "id", FORGED_ID, "vector", List.of(1, 1, 1, 1), "payload", Map.of("v", FORGED_ID))))).status();
        return Optional.of(Completed.of("through node " + node + ": points with v < 50 deleted (" + deleted
                + "), point " + FORGED_ID + " forged (" + forged + ")"));
    }
}
