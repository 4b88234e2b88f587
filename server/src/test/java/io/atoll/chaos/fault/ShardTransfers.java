package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Shard transfers as operations of the nemesis's schedule, between faults: moves and copies of a random shard of
 * a collection to a node of the initial cluster that holds none of it (by stream_records or snapshot), aborts and
 * restarts of a running transfer, and drops of a replica beyond the replication factor (so copies do not pile
 * up). Each is one call through a random up node, to Qdrant's cluster API or, for half the moves and copies and
 * for cancels, to Weaviate's replication operations (whose moves drop their source only after every node reads
 * from the target); the transfer itself goes on through the faults that follow. Only the initial nodes take
 * replicas from it: joined nodes come and go (the rebalancer gives them replicas, and drains take them off).
 */
public final class ShardTransfers implements Fault {
    private final String collection;
    private final int replicationFactor;

    public ShardTransfers(String collection, int replicationFactor) {
        this.collection = collection;
        this.replicationFactor = replicationFactor;
    }

    public String name() {
        return "transfer";
    }

    /** One shard's replicas (peer to state), its primary and its running transfers, as a node reports them. */
    private record Shard(int id, Map<Long, String> replicas, long primary, List<JsonNode> transfers) {
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) {
        List<Integer> up = world.upMembers().stream().filter(i -> i < world.scenario().nodes()).toList();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        int via = up.get(random.nextInt(up.size()));
        RestClient client = world.client(via);
        List<Shard> shards;
        try {
            shards = shards(client);
        } catch (RuntimeException e) {
            return Optional.of(Completed.of("transfer: node " + via + " did not describe " + collection + ": "
                    + e.getMessage()));
        }
        if (shards.isEmpty()) {
            return Optional.empty();
        }
        Shard s = shards.get(random.nextInt(shards.size()));
        Map<String, Object> op = pick(world, random, s);
        if (op == null) {
            return Optional.empty();
        }
        String path = "/collections/" + collection + "/cluster";
        Object body = op;
        if (op.containsKey("abort_transfer") && random.nextBoolean()) {
            String running = runningOperation(client, random);
            if (running != null) {
                path = "/v1/replication/replicate/" + running + "/cancel";
                body = Map.of();
            }
        } else if (random.nextBoolean() && (op.containsKey("move_shard") || op.containsKey("replicate_shard"))) {
            path = "/v1/replication/replicate";
            body = operation(op);
        }
        String answer;
        try {
            RestClient.Response r = client.post(path, body);
            answer = r.status() == 200 || r.status() == 204 ? "ok " + r.raw() : r.status() + " " + r.raw();
        } catch (RuntimeException e) {
            answer = "no answer: " + e.getMessage();
        }
        return Optional.of(Completed.of("transfer through node " + via + ": POST " + path + " " + body + " -> "
                + answer));
    }

    /** Qdrant's move or copy as Weaviate's replication operation (node names are peer ids by default). */
    private Map<String, Object> operation(Map<String, Object> op) {
        boolean move = op.containsKey("move_shard");
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) op.get(move ? "move_shard" : "replicate_shard");
        return Map.of("collection", collection, "shard", t.get("shard_id").toString(),
                "sourceNode", t.get("from_peer_id").toString(), "targetNode", t.get("to_peer_id").toString(),
                "type", move ? "MOVE" : "COPY", "method", t.get("method"));
    }

    /** The id of a running replication operation of the collection, or null. */
    private String runningOperation(RestClient client, Random random) {
        RestClient.Response r = client.get("/v1/replication/replicate/list?collection=" + collection);
        if (r.status() != 200 || r.json() == null) {
            return null;
        }
        List<String> running = new ArrayList<>();
        r.json().forEach(o -> {
            String state = o.get("status").get("state").asText();
            if (!state.equals("READY") && !state.equals("CANCELLED")) {
                running.add(o.get("id").asText());
            }
        });
        return running.isEmpty() ? null : running.get(random.nextInt(running.size()));
    }

    /** An operation that makes sense for the shard as it is, or null. */
    private Map<String, Object> pick(ChaosWorld world, Random random, Shard s) {
        if (!s.transfers().isEmpty()) {
            JsonNode t = s.transfers().get(random.nextInt(s.transfers().size()));
            Map<String, Object> key = Map.of("shard_id", s.id(), "from_peer_id", t.get("from").asLong(),
                    "to_peer_id", t.get("to").asLong());
            if (random.nextInt(3) == 0) {
                return Map.of("abort_transfer", key);
            }
            Map<String, Object> restart = new TreeMap<>(key);
            restart.put("method", method(random));
            return random.nextInt(2) == 0 ? Map.of("restart_transfer", restart) : null;
        }
        List<Long> active = s.replicas().entrySet().stream().filter(e -> e.getValue().equals("Active"))
                .map(Map.Entry::getKey).toList();
        if (active.size() > replicationFactor) {
            List<Long> extra = active.stream().filter(p -> p != s.primary()).toList();
            return Map.of("drop_replica", Map.of("shard_id", s.id(), "peer_id", extra.get(random.nextInt(extra.size()))));
        }
        List<Long> free = new ArrayList<>();
        for (int i = 0; i < world.scenario().nodes(); i++) {
            long peer = world.cluster().peerId(i);
            if (!world.isRemoved(i) && !s.replicas().containsKey(peer)) {
                free.add(peer);
            }
        }
        if (active.isEmpty() || free.isEmpty()) {
            return null;
        }
        long from = active.get(random.nextInt(active.size()));
        long to = free.get(random.nextInt(free.size()));
        return Map.of(random.nextBoolean() ? "move_shard" : "replicate_shard", Map.of("shard_id", s.id(),
                "from_peer_id", from, "to_peer_id", to, "method", method(random)));
    }

    /** The methods that fill a new replica: points one by one, or the index's files. */
    private static String method(Random random) {
        return random.nextBoolean() ? "stream_records" : "snapshot";
    }

    private List<Shard> shards(RestClient client) {
        RestClient.Response r = client.get("/collections/" + collection + "/cluster");
        if (r.status() != 200) {
            return List.of();
        }
        JsonNode info = r.result();
        Map<Integer, Map<Long, String>> replicas = new TreeMap<>();
        Map<Integer, Long> primaries = new TreeMap<>();
        Map<Integer, List<JsonNode>> transfers = new TreeMap<>();
        long self = info.get("peer_id").asLong();
        for (JsonNode l : info.get("local_shards")) {
            note(replicas, primaries, l.get("shard_id").asInt(), self, l);
        }
        for (JsonNode rs : info.get("remote_shards")) {
            note(replicas, primaries, rs.get("shard_id").asInt(), rs.get("peer_id").asLong(), rs);
        }
        for (JsonNode t : info.get("shard_transfers")) {
            transfers.computeIfAbsent(t.get("shard_id").asInt(), k -> new ArrayList<>()).add(t);
        }
        List<Shard> out = new ArrayList<>();
        replicas.forEach((id, reps) -> out.add(new Shard(id, reps, primaries.getOrDefault(id, 0L),
                transfers.getOrDefault(id, List.of()))));
        return out;
    }

    private static void note(Map<Integer, Map<Long, String>> replicas, Map<Integer, Long> primaries, int shard,
                             long peer, JsonNode r) {
        replicas.computeIfAbsent(shard, k -> new TreeMap<>()).put(peer, r.get("state").asText());
        if (r.path("primary").asBoolean()) {
            primaries.put(shard, peer);
        }
    }
}
