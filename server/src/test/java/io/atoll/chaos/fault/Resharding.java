package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Online resharding as an operation of the nemesis's schedule: a scale-up or scale-down of a collection from one
 * call (kept between {@link #MIN_SHARDS} and {@link #MAX_SHARDS} shards), or, now and then, an abort of the one
 * running. One call through a random up node; Atoll drives the resharding on through the faults that follow, and
 * a call refused because one is running or cleaning up is part of the schedule too.
 */
public final class Resharding implements Fault {
    static final int MIN_SHARDS = 2;
    static final int MAX_SHARDS = 5;

    private final String collection;

    public Resharding(String collection) {
        this.collection = collection;
    }

    public String name() {
        return "reshard";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        List<Integer> up = world.upMembers();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        int via = up.get(random.nextInt(up.size()));
        RestClient client = world.client(via);
        String path = "/collections/" + collection + "/cluster";
        Map<String, Object> op;
        try {
            JsonNode info = client.get(path).result();
            int shards = info.get("shard_count").asInt();
            boolean running = info.has("resharding_operations");
            if (running && random.nextInt(3) == 0) {
                op = Map.of("abort_resharding", Map.of());
            } else if (shards <= MIN_SHARDS || shards < MAX_SHARDS && random.nextBoolean()) {
                // The new shard's first replica on a node of the initial cluster: joined nodes may be removed by
                // force, which would take every replica placed there with them.
                List<Integer> initial = up.stream().filter(i -> i < world.scenario().nodes()).toList();
                op = initial.isEmpty() ? Map.of("start_resharding", Map.of("direction", "up"))
                        : Map.of("start_resharding", Map.of("direction", "up", "peer_id",
                                world.cluster().peerId(initial.get(random.nextInt(initial.size())))));
            } else {
                op = Map.of("start_resharding", Map.of("direction", "down"));
            }
        } catch (RuntimeException e) {
            return Optional.of(Completed.of("reshard: node " + via + " did not describe " + collection + ": "
                    + e.getMessage()));
        }
        String answer;
        try {
            RestClient.Response r = client.post(path, op);
            answer = r.status() == 200 ? "ok" : r.status() + " " + r.raw();
        } catch (RuntimeException e) {
            answer = "no answer: " + e.getMessage();
        }
        return Optional.of(Completed.of("reshard through node " + via + ": " + op + " -> " + answer));
    }
}
