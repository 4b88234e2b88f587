package io.atoll.cluster.control.manage;

import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ShardInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules a node must pass to receive a replica of a shard, each a small decider that says why (Elasticsearch's
 * allocation deciders): replicas of a shard on distinct nodes, a node that answers, a node not being drained, one
 * with room on its disk, and the per-node limit of automatic transfers. Of the nodes that pass, the one holding
 * the fewest replicas is chosen (ties to the lowest peer id, so the choice is reproducible). And the rules a
 * replica must pass for the rebalancer to move it: not pinned by a user, in sync and not leaving, and no operation
 * on its shard. Pure, given a round's load.
 */
final class PlacementRules {
    static final String DISTINCT = "distinct_nodes";
    static final String LIVE = "node_live";
    static final String DRAINING = "not_draining";
    static final String LIMITS = "transfer_limits";
    static final String CAPACITY = "capacity";
    static final String PINNED = "pinned";
    static final String IN_SYNC = "in_sync";
    static final String IDLE = "no_operation";

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
        out.add(capacity(load, node));
        int in = load.incoming.getOrDefault(node, 0);
        out.add(load.canReceive(node) ? Verdict.yes(LIMITS, in + " of " + load.settings.incomingLimit()
                + " automatic incoming transfers running")
                : Verdict.no(LIMITS, "it receives " + in + " automatic transfers already (limit "
                + load.settings.incomingLimit() + "): later"));
        return out;
    }

    /** Whether the node has room on its disk (a free space it has not reported yet does not stop it). */
    static Verdict capacity(ClusterLoad load, long node) {
        long free = load.view.diskFree().getOrDefault(node, 0L);
        long min = load.settings.minFreeDiskBytes();
        return free == 0 ? Verdict.yes(CAPACITY, "its free disk space is not known yet")
                : free < min ? Verdict.no(CAPACITY, "it has " + (free >> 20) + " MB free, below min_free_disk_mb ("
                + (min >> 20) + ")") : Verdict.yes(CAPACITY, "it has " + (free >> 20) + " MB free");
    }

    /** Every rule's verdict on the rebalancer moving the replica of {@code s} on {@code node} away. */
    static List<Verdict> canLeave(ClusterLoad load, String collection, ShardInfo s, long node) {
        Replica r = s.replicas().get(node);
        boolean movePinned = load.image().management().movePinned();
        List<Verdict> out = new ArrayList<>();
        out.add(!r.origin().pinned() ? Verdict.yes(PINNED, "not pinned (" + r.origin().description() + ")")
                : movePinned ? Verdict.yes(PINNED, "pinned by a user, and move_pinned is set")
                : Verdict.no(PINNED, "pinned: " + r.origin().description()));
        out.add(r.state().isInSync() && !r.leaving() ? Verdict.yes(IN_SYNC, "it is in sync")
                : Verdict.no(IN_SYNC, r.leaving() ? "it is leaving" : "it is " + r.state().apiName()));
        out.add(load.image().operationRunsOn(collection, s.id()) ? Verdict.no(IDLE, "an operation runs on its shard") : Verdict.yes(IDLE, "nothing runs on its shard"));
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
