package io.atoll.chaos.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether the replicas of each shard of a collection agree, from GET /collections/{c}/cluster/checksums: every
 * readable replica must answer with the same point count and (id, version) digest as the others of its shard, and
 * every shard must have at least one.
 */
final class ReplicaAgreement {
    private ReplicaAgreement() {
    }

    /** What disagrees, one line per shard; empty when all agree. Empty Optional when no node answered. */
    static Optional<List<String>> disagreements(ChaosWorld world, String collection) {
        for (int node : world.upMembers()) {
            RestClient.Response r;
            try {
                r = world.patientClient(node).get("/collections/" + collection + "/cluster/checksums");
            } catch (RuntimeException e) {
                continue;
            }
            if (r.status() != 200) {
                continue;
            }
            Map<Integer, List<JsonNode>> byShard = new TreeMap<>();
            r.result().forEach(rep -> byShard.computeIfAbsent(rep.get("shard_id").asInt(), s -> new ArrayList<>())
                    .add(rep));
            List<String> problems = new ArrayList<>();
            byShard.forEach((shard, replicas) -> {
                List<JsonNode> readable = replicas.stream()
                        .filter(x -> !x.path("error").asText("").startsWith("not readable")).toList();
                long distinct = readable.stream().map(x -> x.path("sha256").asText("unreadable")).distinct().count();
                if (readable.isEmpty() || distinct > 1 || readable.stream().anyMatch(x -> x.has("error"))) {
                    problems.add("shard " + shard + ": " + replicas);
                }
            });
            return Optional.of(problems);
        }
        return Optional.empty();
    }

    /** Waits until no transfer of the collection runs or {@code timeout} passes; returns those still running. */
    static List<String> awaitTransfers(ChaosWorld world, String collection, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of("no node answered GET /collections/" + collection + "/cluster");
        while (System.nanoTime() < deadline) {
            for (int node : world.upMembers()) {
                try {
                    RestClient.Response r = world.patientClient(node).get("/collections/" + collection + "/cluster");
                    if (r.status() == 200) {
                        List<String> running = new ArrayList<>();
                        r.result().get("shard_transfers").forEach(t -> running.add(t.toString()));
                        if (running.isEmpty()) {
                            return running;
                        }
                        last = running;
                        break;
                    }
                } catch (RuntimeException e) {
                    // the next node, or the next round
                }
            }
            Clients.pause(500);
        }
        return last;
    }

    /** Waits until the replicas agree or {@code timeout} passes; returns the last disagreements seen. */
    static List<String> await(ChaosWorld world, String collection, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of("no node answered GET /collections/" + collection + "/cluster/checksums");
        while (System.nanoTime() < deadline) {
            Optional<List<String>> d = disagreements(world, collection);
            if (d.isPresent()) {
                last = d.get();
                if (last.isEmpty()) {
                    return last;
                }
            }
            Clients.pause(500);
        }
        return last;
    }
}
