package io.atoll.cluster.control.manage;

import java.util.List;

/**
 * Why a shard's replicas are where they are and what the cluster plans for them now (the explain endpoint's
 * answer). Immutable.
 *
 * @param viewpoint whose liveness the answer rests on: the Raft leader's (where the deciders run), or this node's
 *                  own pings when it is not the leader
 * @param planned   what the deciders would propose for this shard in a round now, each with its reason
 */
public record ShardExplanation(String collection, int shardId, int replicationFactor, String viewpoint,
                               Counts counts, List<ReplicaWhy> replicas, List<NodeWhy> nodes,
                               List<String> planned, Rebalancer rebalancer) {
    public ShardExplanation {
        replicas = List.copyOf(replicas);
        nodes = List.copyOf(nodes);
        planned = List.copyOf(planned);
    }

    /** The shard's replicas as the replication factor counts them. */
    public record Counts(int inSync, int beingFilled, int toRecover) {
    }

    /** One replica: where it came from, whether it stays, and the rules on the rebalancer moving it. */
    public record ReplicaWhy(long peerId, String node, String state, boolean primary, boolean pinned, boolean leaving,
                             String placedBy, String whyHere, boolean stays, String outlook, List<Verdict> deciders) {
        public ReplicaWhy {
            deciders = List.copyOf(deciders);
        }
    }

    /** One node: every placement rule's verdict on it for this shard, and whether a move there is planned. */
    public record NodeWhy(long peerId, String node, boolean holdsReplica, int replicas, int primaries,
                          List<Verdict> deciders, String planned) {
        public NodeWhy {
            deciders = List.copyOf(deciders);
        }
    }

    /** The rebalancer as it stands: on or off, what it waits for, and its planned moves of this shard. */
    public record Rebalancer(boolean enabled, String waitingFor, List<String> movesOfThisShard) {
        public Rebalancer {
            movesOfThisShard = List.copyOf(movesOfThisShard);
        }
    }
}
