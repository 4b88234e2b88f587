package io.atoll.cluster.meta;

/**
 * Who put a replica where it is, or who started an operation: the explain endpoint reports it, and the rebalancer
 * leaves alone what a user placed ({@link #pinned}). Null in stored images means {@link #CREATED} (for replicas)
 * or {@link #USER} (for operations): both were all there was before the cluster managed itself.
 */
public enum ReplicaOrigin {
    /** Placed with its shard: the collection, a shard key or a resharding created it there. */
    CREATED("placed when its shard was created"),
    /** An explicit user move or copy (Qdrant's cluster operations, Weaviate's replicate call). */
    USER("placed by an explicit user move or copy"),
    /** The rebalancer evened out the replicas per node. */
    REBALANCE("moved here by the rebalancer"),
    /** A node was drained and this replica moved off it. */
    DRAIN("moved here while draining another node"),
    /** The replication factor was raised, or a lost node's replica was re-created here. */
    REPLICATION_FACTOR("added to keep the replication factor");

    private final String description;

    ReplicaOrigin(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether the rebalancer leaves it alone (unless told to move pinned replicas too). */
    public boolean pinned() {
        return this == USER;
    }

    /** Whether an operation of this origin was started by the cluster itself (it counts against the limits of automatic transfers). */
    public boolean automatic() {
        return this != USER && this != CREATED;
    }

    public static ReplicaOrigin orCreated(ReplicaOrigin o) {
        return o == null ? CREATED : o;
    }
}
