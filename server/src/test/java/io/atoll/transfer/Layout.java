package io.atoll.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.RestClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A collection's replicas as one node's {@code GET /collections/{c}/cluster} shows them. */
record Layout(Map<Integer, Map<Long, String>> states, Map<Integer, Long> primaries, int transfers) {
    static Layout of(RestClient via, String collection) {
        JsonNode r = via.get("/collections/" + collection + "/cluster").result();
        Map<Integer, Map<Long, String>> states = new TreeMap<>();
        Map<Integer, Long> primaries = new TreeMap<>();
        long self = r.get("peer_id").asLong();
        for (String side : List.of("local_shards", "remote_shards")) {
            for (JsonNode s : r.get(side)) {
                long peer = s.has("peer_id") ? s.get("peer_id").asLong() : self;
                states.computeIfAbsent(s.get("shard_id").asInt(), k -> new TreeMap<>()).put(peer, s.get("state").asText());
                if (s.get("primary").asBoolean()) {
                    primaries.put(s.get("shard_id").asInt(), peer);
                }
            }
        }
        return new Layout(states, primaries, r.get("shard_transfers").size());
    }

    /** Whether every shard has exactly {@code n} replicas, all Active, and nothing moves. */
    boolean allActive(int n) {
        return transfers == 0 && states.values().stream().allMatch(m -> m.size() == n
                && m.values().stream().allMatch("Active"::equals));
    }

    /** Replicas per peer, over {@code peers} (a peer without any counts 0). */
    Map<Long, Integer> perPeer(List<Long> peers) {
        Map<Long, Integer> out = new TreeMap<>();
        peers.forEach(p -> out.put(p, 0));
        states.values().forEach(m -> m.keySet().forEach(p -> out.merge(p, 1, Integer::sum)));
        return out;
    }

    Map<Long, Integer> primariesPerPeer(List<Long> peers) {
        Map<Long, Integer> out = new TreeMap<>();
        peers.forEach(p -> out.put(p, 0));
        primaries.values().forEach(p -> out.merge(p, 1, Integer::sum));
        return out;
    }

    static boolean withinOne(Map<Long, Integer> counts) {
        return counts.values().stream().mapToInt(i -> i).max().orElse(0)
                - counts.values().stream().mapToInt(i -> i).min().orElse(0) <= 1;
    }
}
