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
    /** New shard during scale-up, receiving its hash range. */
    RESHARDING("Resharding"),
    /** Shard being emptied during scale-down; still serves. */
    RESHARDING_SCALE_DOWN("ReshardingScaleDown"),
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
            case ACTIVE, RESHARDING_SCALE_DOWN -> true;
            case INITIALIZING, LISTENER, PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, RESHARDING, DEAD -> false;
        };
    }

    /** Whether the primary sends it live writes directly (Recovery and PartialSnapshot get them queued). */
    public boolean receivesWrites() {
        return switch (this) {
            case INITIALIZING, ACTIVE, LISTENER, PARTIAL, RESHARDING, RESHARDING_SCALE_DOWN -> true;
            case RECOVERY, PARTIAL_SNAPSHOT, DEAD -> false;
        };
    }

    /** Whether a write must be applied on it before it is acknowledged (the in-sync set). */
    public boolean isInSync() {
        return switch (this) {
            case ACTIVE, RESHARDING_SCALE_DOWN -> true;
            case INITIALIZING, LISTENER, PARTIAL, RECOVERY, PARTIAL_SNAPSHOT, RESHARDING, DEAD -> false;
        };
    }

    /** Whether it may become the shard's primary: only an in-sync replica holds every acknowledged write. */
    public boolean canBePrimary() {
        return isInSync();
    }
}
