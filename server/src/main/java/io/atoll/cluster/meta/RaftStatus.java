package io.atoll.cluster.meta;

/**
 * Raft's view from one node, as GET /cluster reports it.
 *
 * @param leader  the leader's peer id, null when this node knows none
 * @param applied the highest log index this node has applied
 * @param lastUpdate when this node last applied a log entry (Qdrant's consensus thread {@code last_update})
 */
public record RaftStatus(long term, long commit, Long leader, String role, boolean isVoter, long applied,
                         java.time.Instant lastUpdate) {
    /** Entries committed that this node has not applied yet (Qdrant's {@code pending_operations}). */
    public long pendingOperations() {
        return Math.max(0, commit - applied);
    }
}
