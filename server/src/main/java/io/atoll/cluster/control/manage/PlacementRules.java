package io.atoll.cluster.control.manage;

import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules a node must pass to receive a replica of a shard, each a small decider that says why (Elasticsearch's
 * allocation deciders): replicas of a shard on distinct nodes, a node that answers, a node not being drained, and
 * the per-node limit of automatic transfers. Of the nodes that pass, the one holding the fewest replicas is chosen
 * (ties to the lowest peer id, so the choice is reproducible). Pure, given a round's load.
 */
final class PlacementRules {
    static final String DISTINCT = "distinct_nodes";
    static final String LIVE = "node_live";
    static final String DRAINING = "not_draining";
    static final String LIMITS = "transfer_limits";

    private PlacementRules() {
    }

    /** Every rule's verdict on placing a replica of {@code s} on {@code node}. */
    static List<Verdict> canHold(ClusterLoad load, ShardInfo s, long node) {
        List<Verdict> out = new ArrayList<>();
        out.add(s.hasReplicaOn(node) ? Verdict.no(DISTINCT, "it already holds a replica of this shard")
                : Verdict.yes(DISTINCT, "it holds no replica of this shard"));
        out.add(load.down(node) ? Verdict.no(LIVE, "it does not answer the leader's pings")
                : Verdict.yes(LIVE, "it answers"));
        out.add(load.draining(node) ? Verdict.no(DRAINING, "it is being drained")
                : Verdict.yes(DRAINING, "it is not being drained"));
        int in = load.incoming.getOrDefault(node, 0);
        out.add(load.canReceive(node) ? Verdict.yes(LIMITS, in + " of " + load.settings.incomingLimit()
                + " automatic incoming transfers running")
                : Verdict.no(LIMITS, "it receives " + in + " automatic transfers already (limit "
                + load.settings.incomingLimit() + "): later"));
        return out;
    }

    /** The node a new replica of {@code s} goes to, if one passes every rule. */
    static Optional<Long> target(ClusterLoad load, ShardInfo s) {
        return load.image().peers().keySet().stream()
                .filter(p -> canHold(load, s, p).stream().allMatch(Verdict::yes))
                .min(Comparator.<Long>comparingInt(p -> load.replicas.get(p)).thenComparingLong(p -> p));
    }

    /**
     * Whether some node could take a replica of {@code s} once running transfers end: false means no node ever
     * can as things stand (every other node holds one, is down or is drained), which is a reason to stop a drain.
     */
    static boolean anyCouldHold(ClusterLoad load, ShardInfo s) {
        return load.image().peers().keySet().stream()
                .anyMatch(p -> canHold(load, s, p).stream().allMatch(v -> v.yes() || v.rule().equals(LIMITS)));
    }

    /** Why no node passes, node by node, for a message an operator reads. */
    static String whyNoNode(ClusterLoad load, ShardInfo s) {
        return load.image().peers().keySet().stream().map(p -> "peer " + p + ": " + canHold(load, s, p).stream()
                        .filter(v -> !v.yes()).map(Verdict::reason).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
