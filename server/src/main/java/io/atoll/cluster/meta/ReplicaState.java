package io.atoll.cluster.meta;

/**
 * The state of one shard replica (ARCHITECTURE.md section 5). What a state means lives in the predicates below,
 * each an exhaustive switch, so a new state forces a decision in every one of them.
 */
public enum ReplicaState {
    /** Just created; becomes Active once open. */
    INITIALIZING("Initializing"),
    ACTIVE("Active"),
    /** Follows writes without counting towards acknowledgements. */
    LISTENER("Listener"),
    /** Target of a stream_records transfer, filling up. */
    PARTIAL("Partial"),
    /** Target of a snapshot or wal_delta transfer; writes are queued at the source. */
    RECOVERY("Recovery"),
    /** A snapshot is being installed; writes are queued at the source. */
    PARTIAL_SNAPSHOT("PartialSnapshot"),
    /**
     * A replica of the new shard of a scale-up, receiving its hash range through its primary. In sync with its
     * shard (which starts empty) but not read until readers switch to the new ring, when it becomes Active.
     */
    RESHARDING("Resharding"),
    /** Shard being emptied during scale-down; still serves. */
    RESHARDING_SCALE_DOWN("ReshardingScaleDown"),
    /** A resharding target that readers have switched to before writers did: serves reads, counts for acks. */
    ACTIVE_READ("ActiveRead"),
    /** Failed or missed writes; needs recovery before it serves again. */
    DEAD("Dead");

    private final String apiName;

    ReplicaState(String apiName) {
        this.apiName = apiName;
    }

    /** The name Qdrant's API uses. */
    public String apiName() {
        return apiName;
    }

    public boolean isReadable() {
        return switch (this) {
            case ACTIVE, RESHARDING_SCALE_DOWN, ACTIVE_READ -> true;
            case INITIALIZING, LISTENER, PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, RESHARDING, DEAD -> false;
        };
    }

    /** Whether the primary sends it live writes directly (Recovery and PartialSnapshot get them queued). */
    public boolean receivesWrites() {
        return switch (this) {
            case INITIALIZING, ACTIVE, LISTENER, PARTIAL, RESHARDING, RESHARDING_SCALE_DOWN, ACTIVE_READ -> true;
            case RECOVERY, PARTIAL_SNAPSHOT, DEAD -> false;
        };
    }

    /**
     * Whether the primary streams its own log to it from wherever the replica's log ends (probe, catch up,
     * follow). A transfer target (Partial) holds only part of the log, so it is never asked for
     * "everything after seq 0": its transfer registers forwarding from its cutoff instead.
     */
    public boolean followsPrimaryLog() {
        return switch (this) {
            case INITIALIZING, ACTIVE, LISTENER, RESHARDING, RESHARDING_SCALE_DOWN, ACTIVE_READ -> true;
            case PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, DEAD -> false;
        };
    }

    /** Whether a write must be applied on it before it is acknowledged (the in-sync set). */
    public boolean isInSync() {
        return switch (this) {
            case ACTIVE, RESHARDING, RESHARDING_SCALE_DOWN, ACTIVE_READ -> true;
            case INITIALIZING, LISTENER, PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, DEAD -> false;
        };
    }

    /** Whether it may become the shard's primary: only an in-sync replica holds every acknowledged write. */
    public boolean canBePrimary() {
        return isInSync();
    }

    /**
     * Whether a replica may be added to an existing shard in this state. An added replica holds nothing yet, so it
     * may not start in sync, nor as Initializing (which becomes Active once open, and is only for replicas created
     * together with their shard): it reaches Active through a transfer.
     */
    public boolean canBeAdded() {
        return switch (this) {
            case LISTENER, PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, DEAD -> true;
            case INITIALIZING, ACTIVE, RESHARDING, RESHARDING_SCALE_DOWN, ACTIVE_READ -> false;
        };
    }

    /**
     * Whether a replica in this state may move to {@code next} (staying in the same state is always allowed, so
     * that a retried record is harmless). Every state may become Dead. A replica that missed writes (Dead,
     * Listener, a transfer target) becomes in sync only through a transfer, never by a bare state change: Dead to
     * Active would serve a replica that lacks acknowledged writes.
     */
    public boolean canBecome(ReplicaState next) {
        if (next == this || next == DEAD) {
            return true;
        }
        return switch (this) {
            case INITIALIZING -> next == ACTIVE || next == LISTENER;
            case ACTIVE -> next == LISTENER || next == RESHARDING_SCALE_DOWN;
            case LISTENER -> next == PARTIAL || next == RECOVERY;
            case PARTIAL -> next == ACTIVE || next == ACTIVE_READ;
            case RECOVERY -> next == PARTIAL;
            case PARTIAL_SNAPSHOT -> next == PARTIAL || next == RECOVERY;
            case RESHARDING -> next == ACTIVE || next == ACTIVE_READ;
            case RESHARDING_SCALE_DOWN, ACTIVE_READ -> next == ACTIVE;
            case DEAD -> next == PARTIAL || next == RECOVERY || next == PARTIAL_SNAPSHOT;
        };
    }
}
