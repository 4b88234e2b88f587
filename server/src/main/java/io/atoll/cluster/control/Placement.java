package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.error.AtollException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides where a new collection's replicas go: each shard's replicas on distinct peers, each replica on the peer
 * holding the fewest replicas at that moment (existing ones included), ties broken by peer id so the decision is
 * reproducible. The first peer of each shard's list becomes its primary, and primaries are spread the same way.
 */
public final class Placement {
    private Placement() {
    }

    public static Map<Integer, List<Long>> place(ClusterImage image, int shardNumber, int replicationFactor) {
        return place(image, shardNumber, replicationFactor, List.copyOf(image.peers().keySet()));
    }

    /** The same, on {@code candidates} only (a shard key's explicit placement). */
    public static Map<Integer, List<Long>> place(ClusterImage image, int shardNumber, int replicationFactor,
                                                 List<Long> candidates) {
        List<Long> peers = new ArrayList<>(candidates);
        if (peers.isEmpty()) {
            throw AtollException.unavailable("the cluster has no peers to place replicas on");
        }
        if (replicationFactor > peers.size()) {
            throw AtollException.badRequest("Bad request: replication_factor " + replicationFactor
                    + " is larger than the number of peers " + (peers.size() == image.peers().size()
                    ? "in the cluster (" + peers.size() + ")" : "to place on (" + peers.size() + ")")
                    + ": every replica of a shard must be on a different peer");
        }
        Map<Long, Long> load = new HashMap<>();
        Map<Long, Long> primaries = new HashMap<>();
        for (long p : peers) {
            load.put(p, image.replicasOn(p));
            primaries.put(p, 0L);
        }
        image.collections().values().forEach(c -> c.shards().values().forEach(s -> {
            if (s.primary() != 0) {
                primaries.merge(s.primary(), 1L, Long::sum);
            }
        }));
        Map<Integer, List<Long>> placement = new TreeMap<>();
        for (int shard = 0; shard < shardNumber; shard++) {
            List<Long> replicas = new ArrayList<>();
            // The primary first: fewest primaries, then fewest replicas.
            long primary = peers.stream().min(Comparator.<Long>comparingLong(primaries::get)
                    .thenComparingLong(load::get).thenComparingLong(p -> p)).orElseThrow();
            replicas.add(primary);
            while (replicas.size() < replicationFactor) {
                long next = peers.stream().filter(p -> !replicas.contains(p))
                        .min(Comparator.<Long>comparingLong(load::get).thenComparingLong(p -> p)).orElseThrow();
                replicas.add(next);
            }
            for (long p : replicas) {
                load.merge(p, 1L, Long::sum);
            }
            primaries.merge(primary, 1L, Long::sum);
            placement.put(shard, List.copyOf(replicas));
        }
        return placement;
    }
}
