package io.atoll.cluster.control;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a {@link ScalePlan}: a shard short of replicas gets them on the nodes holding the fewest replicas (ties
 * by peer id), copied from its primary (or another in-sync replica when a move holds the primary); a shard with too
 * many loses first the replicas that are not in sync, then those on the most loaded nodes, never its primary nor a
 * replica a running operation reads from or can no longer give up. Counts are of the replicas the shard will hold once its running operations finish ({@link SettledShard}).
 * A shard that running operations keep from reaching the factor is a 409 that names them. Pure: the same image
 * gives the same plan.
 */
public final class ScalePlanner {
    private ScalePlanner() {
    }

    public static ScalePlan plan(ClusterImage image, String planId, String collection, int factor) {
        CollectionMeta c = image.collections().get(collection);
        if (c == null) {
            throw AtollException.notFound("collection " + collection + " does not exist");
        }
        if (factor < 1) {
            throw AtollException.badRequest("replicationFactor must be at least 1, got " + factor);
        }
        if (factor > image.peers().size()) {
            throw AtollException.unprocessable("replicationFactor " + factor + " is larger than the number of nodes ("
                    + image.peers().size() + "): every replica of a shard must be on a different node");
        }
        Map<Long, Long> load = new TreeMap<>();
        image.peers().keySet().forEach(p -> load.put(p, image.replicasOn(p)));
        TreeMap<String, ScalePlan.ShardActions> shards = new TreeMap<>();
        for (ShardInfo s : c.shards().values()) {
            SettledShard settled = SettledShard.of(image, collection, s);
            Map<String, String> add = new TreeMap<>();
            List<String> remove = new ArrayList<>();
            int have = settled.count();
            List<Long> free = image.peers().keySet().stream()
                    .filter(p -> !s.hasReplicaOn(p) && !settled.peers().contains(p))
                    .sorted(Comparator.<Long>comparingLong(load::get).thenComparingLong(p -> p)).toList();
            String shard = "shard " + s.id() + " of " + collection;
            if (factor - have > free.size()) {
                throw AtollException.conflict(shard + " cannot have " + factor + " replicas now: a running move "
                        + "still holds a node; wait for it or cancel it, then ask for a new plan");
            }
            long source = factor > have ? source(s, settled) : 0;
            if (factor > have && source == 0) {
                throw AtollException.conflict(shard + " has no in-sync replica a copy can read from now (a running "
                        + "operation moves or fills every one); wait for it or cancel it, then ask for a new plan");
            }
            for (int i = 0; i < factor - have; i++) {
                long target = free.get(i);
                add.put(name(image, target), name(image, source));
                load.merge(target, 1L, Long::sum);
            }
            // A pending copy's target has no replica yet: not in sync, so it goes first (its operation cancelled).
            List<Long> removable = settled.peers().stream()
                    .filter(p -> p != s.primary() && !settled.held().contains(p))
                    .sorted(Comparator.<Long, Boolean>comparing(p -> inSync(s, p))
                            .thenComparing(p -> -load.get(p)).thenComparing(p -> p))
                    .toList();
            if (have - factor > removable.size()) {
                throw AtollException.conflict(shard + " cannot drop to " + factor + " replicas now: running "
                        + "operations hold its replicas on peers " + settled.held() + "; wait for them or cancel them, "
                        + "then ask for a new plan");
            }
            for (int i = 0; i < have - factor; i++) {
                long peer = removable.get(i);
                remove.add(name(image, peer));
                load.merge(peer, -1L, Long::sum);
            }
            shards.put(Integer.toString(s.id()), new ScalePlan.ShardActions(add, remove));
        }
        return new ScalePlan(planId, collection, shards);
    }

    /** The replica a new copy reads from: the primary when it can, else the first other that can; 0 when none can. */
    static long source(ShardInfo s, SettledShard settled) {
        if (s.primary() != 0 && settled.canSource(s, s.primary())) {
            return s.primary();
        }
        return s.replicas().keySet().stream().filter(p -> settled.canSource(s, p)).findFirst().orElse(0L);
    }

    private static boolean inSync(ShardInfo s, long peer) {
        return s.hasReplicaOn(peer) && s.state(peer).isInSync();
    }

    private static String name(ClusterImage image, long peer) {
        return image.peers().get(peer).name();
    }
}
