package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.chaos.workload.TenantKeys;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Qdrant's tenant promotion as an operation of the nemesis's schedule, on the tenant variant of the set workload,
 * one step per call through a random up node: create the tenant's key (Partial, on a node of the initial cluster:
 * joined nodes may be removed by force, and the key has one replica), replicate the tenant's points to it, and once
 * it is Active give it a second replica. A key left Dead by an aborted promotion is dropped to try again. Atoll
 * drives each step on through the faults that follow; a refused step is part of the schedule too.
 */
public final class TenantPromotion implements Fault {
    private static final Map<String, Object> REPLICATE = Map.of("replicate_points", Map.of("from_shard_key",
            TenantKeys.DEFAULT, "to_shard_key", TenantKeys.TENANT, "filter", Map.of("must", List.of(Map.of("key",
                    "group", "match", Map.of("value", TenantKeys.TENANT))))));

    private final String collection;

    public TenantPromotion(String collection) {
        this.collection = collection;
    }

    public String name() {
        return "promote";
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        List<Integer> up = world.upMembers();
        List<Integer> initial = up.stream().filter(i -> i < world.scenario().nodes()).toList();
        if (initial.isEmpty()) {
            return Optional.empty();
        }
        int via = up.get(random.nextInt(up.size()));
        RestClient client = world.client(via);
        Map<String, Object> op;
        String path = "/collections/" + collection + "/cluster";
        try {
            JsonNode info = client.get(path).result();
            List<JsonNode> tenant = new ArrayList<>();
            info.get("local_shards").forEach(s -> tenant.add(s.deepCopy()));
            for (JsonNode s : info.get("remote_shards")) {
                tenant.add(s);
            }
            tenant.removeIf(s -> !TenantKeys.TENANT.equals(s.path("shard_key").asText()));
            long self = info.get("peer_id").asLong();
            if (tenant.isEmpty()) {
                // The key, then at once the promotion into it.
                long peer = world.cluster().peerId(initial.get(random.nextInt(initial.size())));
                String created = step(client, "PUT", "/collections/" + collection + "/shards", Map.of("shard_key",
                        TenantKeys.TENANT, "initial_state", "Partial", "placement", List.of(peer)), via);
                return Optional.of(Completed.of(created + "; " + step(client, "POST", path, REPLICATE, via)));
            }
            String state = tenant.getFirst().get("state").asText();
            if (TenantKeys.abandoned(info) && state.equals("Dead") && info.get("shard_transfers").isEmpty()) {
                path = "/collections/" + collection + "/shards/delete";
                op = Map.of("shard_key", TenantKeys.TENANT);
            } else if (state.equals("Partial") && tenant.size() == 1) {
                op = REPLICATE;
            } else if (state.equals("Active") && tenant.size() == 1) {
                JsonNode s = tenant.getFirst();
                long from = s.has("peer_id") ? s.get("peer_id").asLong() : self;
                List<Long> others = initial.stream().map(i -> world.cluster().peerId(i)).filter(p -> p != from)
                        .toList();
                if (others.isEmpty()) {
                    return Optional.empty();
                }
                op = Map.of("replicate_shard", Map.of("shard_id", s.get("shard_id").asInt(), "from_peer_id", from,
                        "to_peer_id", others.get(random.nextInt(others.size())), "method", "stream_records"));
            } else {
                return Optional.of(Completed.of("promote: the tenant's key is " + state + ", nothing to do"));
            }
        } catch (RuntimeException e) {
            return Optional.of(Completed.of("promote: node " + via + " did not describe " + collection + ": "
                    + e.getMessage()));
        }
        return Optional.of(Completed.of(step(client, "POST", path, op, via)));
    }

    private static String step(RestClient client, String method, String path, Map<String, Object> op, int via) {
        String answer;
        try {
            RestClient.Response r = client.send(method, path, op);
            answer = r.status() == 200 ? "ok" : r.status() + " " + r.raw();
        } catch (RuntimeException e) {
            answer = "no answer: " + e.getMessage();
        }
        return "promote through node " + via + ": " + method + " " + path + " " + op + " -> " + answer;
    }
}
