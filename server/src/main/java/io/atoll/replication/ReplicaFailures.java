package io.atoll.replication;

/**
 * The one metadata change replication makes: a primary reports a replica that failed to apply its records, so
 * that it leaves the in-sync set (through Raft) before a write is acknowledged without it; or its own replica,
 * when its storage failed, so that another in-sync replica becomes primary.
 */
public interface ReplicaFailures {
    /** What became of a report. */
    enum Outcome {
        /** The replica is Dead now (or already was). */
        MARKED,
        /** That incarnation is no longer in the shard: there is nothing to mark. */
        GONE,
        /** The shard has moved to another term: the reporter is no longer its primary and must not acknowledge. */
        DEPOSED
    }

    /**
     * Marks the replica {@code incarnation} on {@code peer} Dead, speaking for the primary of {@code term}. Throws
     * {@link io.atoll.error.AtollException} when the metadata cannot be changed now (no Raft quorum): the caller
     * tries again.
     */
    Outcome markDead(String collection, int shard, long peer, long incarnation, long term);
}
