package io.atoll.cluster.meta;

/**
 * Where a replication operation stands (ARCHITECTURE.md section 7, Weaviate's names). The meaning of each state
 * lives in the predicates below, each an exhaustive switch.
 */
public enum ReplicationOpState {
    /** Recorded; the transfer has not started. */
    REGISTERED,
    /** The transfer fills the target replica. */
    HYDRATING,
    /** The target has every point and catches up with the live writes; one record makes it Active. */
    FINALIZING,
    /** MOVE only: the target is Active, the source leaves the readers' routing and is then dropped. */
    DEHYDRATING,
    READY,
    /**
     * Cancelled before the target became Active (by a user, or by itself after too many errors), or ended because
     * its shard or the target's node is gone (the error says which).
     */
    CANCELLED;

    /** Whether the operation is over (nothing runs for it any more). */
    public boolean finished() {
        return switch (this) {
            case READY, CANCELLED -> true;
            case REGISTERED, HYDRATING, FINALIZING, DEHYDRATING -> false;
        };
    }

    /** Whether a transfer runs (or should run) for the operation in this state. */
    public boolean transfers() {
        return switch (this) {
            case HYDRATING, FINALIZING -> true;
            case REGISTERED, DEHYDRATING, READY, CANCELLED -> false;
        };
    }
}
