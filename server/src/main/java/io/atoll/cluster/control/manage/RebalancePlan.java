package io.atoll.cluster.control.manage;

import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The moves that spread replicas evenly over the nodes that may hold them (those that answer and are not being
 * drained): replicas per node within one of each other, fewest moves first. Greedy, as each move takes a replica
 * from the most loaded node to the least loaded one that lacks its shard, it makes no more moves than the excess
 * over the even share; moving a primary moves it too (the transfer hands over), so among a node's replicas a
 * primary is preferred when the source leads at least two shards more than the target, and avoided when it leads
 * no more. When the replicas are even but the primaries are not (failovers leave a restarted node none), the
 * primary of a shard moves from the node leading most to the one leading fewest, and the replica counts are then
 * evened by a move back of a replica it does not lead: two moves per primary, through the same safe moves (a
 * hand-over of the primary alone, without copying, is the better way and is left for later). Replicas a user
 * placed stay, unless told to move them. Pure.
 */
final class RebalancePlan {
    /** One move: the replica of {@code collection}/{@code shard} on {@code from} goes to {@code to}. */
    record Move(String collection, int shard, long from, long to, boolean primary) {
    }

    private RebalancePlan() {
    }

    static List<Move> plan(ClusterLoad load) {
        Map<Long, Integer> replicas = new TreeMap<>();
        Map<Long, Integer> primaries = new TreeMap<>();
        for (long p : load.image().peers().keySet()) {
            if (load.eligible(p)) {
                replicas.put(p, load.replicas.get(p));
                primaries.put(p, load.primaries.get(p));
            }
        }
        Map<String, Set<Long>> holders = new HashMap<>();
        for (CollectionMeta c : load.image().collections().values()) {
            for (ShardInfo s : c.shards().values()) {
                holders.put(key(c.name(), s.id()), new HashSet<>(s.replicas().keySet()));
            }
        }
        List<Move> moves = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (int guard = 0; guard < 4 * (holders.size() + 1); guard++) {
            Move next = next(load, replicas, primaries, holders, moved);
            if (next == null) {
                next = primaryMove(load, primaries, holders, moved);
            }
            if (next == null) {
                return moves;
            }
            moves.add(next);
            moved.add(key(next.collection(), next.shard()));
            holders.get(key(next.collection(), next.shard())).remove(next.from());
            holders.get(key(next.collection(), next.shard())).add(next.to());
            replicas.merge(next.from(), -1, Integer::sum);
            replicas.merge(next.to(), 1, Integer::sum);
            if (next.primary()) {
                primaries.merge(next.from(), -1, Integer::sum);
                primaries.merge(next.to(), 1, Integer::sum);
            }
        }
        return moves;
    }

    /** With the replicas even: a primary from the node leading most to one leading at least two fewer. */
    private static Move primaryMove(ClusterLoad load, Map<Long, Integer> primaries,
                                    Map<String, Set<Long>> holders, Set<String> moved) {
        List<Long> leading = primaries.keySet().stream().sorted(Comparator.<Long>comparingInt(p -> -primaries.get(p))
                .thenComparingLong(p -> p)).toList();
        for (long from : leading) {
            for (long to : leading.reversed()) {
                if (primaries.get(from) - primaries.get(to) < 2) {
                    break;
                }
                for (CollectionMeta c : load.image().collections().values()) {
                    for (ShardInfo s : c.shards().values()) {
                        Replica r = s.replicas().get(from);
                        String k = key(c.name(), s.id());
                        if (movable(load, c, s, from, to, r, k, holders, moved) && s.primary() == from) {
                            return new Move(c.name(), s.id(), from, to, true);
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Whether the plan may move this replica: the placement's rules for leaving, and not moved in the plan yet. */
    private static boolean movable(ClusterLoad load, CollectionMeta c, ShardInfo s, long from, long to, Replica r,
                                   String k, Map<String, Set<Long>> holders, Set<String> moved) {
        return r != null && c.resharding() == null && c.promotion() == null && !moved.contains(k)
                && !holders.get(k).contains(to) && PlacementRules.capacity(load, to).yes()
                && PlacementRules.canLeave(load, c.name(), s, from).stream().allMatch(Verdict::yes);
    }

    private static Move next(ClusterLoad load, Map<Long, Integer> replicas,
                             Map<Long, Integer> primaries, Map<String, Set<Long>> holders, Set<String> moved) {
        List<Long> fullest = replicas.keySet().stream().sorted(Comparator.<Long>comparingInt(p -> -replicas.get(p))
                .thenComparingInt(p -> -primaries.get(p)).thenComparingLong(p -> p)).toList();
        List<Long> emptiest = fullest.reversed();
        for (long from : fullest) {
            for (long to : emptiest) {
                if (replicas.get(from) - replicas.get(to) <= 1) {
                    break;
                }
                int primaryGap = primaries.get(from) - primaries.get(to);
                Move best = null;
                for (CollectionMeta c : load.image().collections().values()) {
                    for (ShardInfo s : c.shards().values()) {
                        Replica r = s.replicas().get(from);
                        String k = key(c.name(), s.id());
                        if (!movable(load, c, s, from, to, r, k, holders, moved)) {
                            continue;
                        }
                        Move m = new Move(c.name(), s.id(), from, to, s.primary() == from);
                        boolean wanted = primaryGap >= 2 ? m.primary() : !m.primary();
                        if (wanted) {
                            return m;
                        }
                        // A primary only where moving it keeps the primaries within one: else the primary's move
                        // that evens them would be undone by this one, round after round.
                        if (best == null && (!m.primary() || primaryGap >= 1)) {
                            best = m;
                        }
                    }
                }
                if (best != null) {
                    return best;
                }
            }
        }
        return null;
    }

    private static String key(String collection, int shard) {
        return collection + "\u0000" + shard;
    }
}
