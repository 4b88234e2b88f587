package io.atoll.cluster.meta;

/**
 * How a shard transfer fills its target (ARCHITECTURE.md section 6), with Qdrant's names. The method decides the
 * target replica's state while it fills, and whether it starts empty (a new incarnation) or keeps what it holds.
 */
public enum TransferMethod {
    /** Points streamed in id order, with live writes forwarded from the cutoff; the target starts empty. */
    STREAM_RECORDS("stream_records"),
    /** A point-in-time copy of the index and the log after it; the target starts empty. */
    SNAPSHOT("snapshot"),
    /** Only the records the target's log lacks; the target keeps its data. */
    WAL_DELTA("wal_delta"),
    /** Only the points that hash to the target shard (resharding). */
    RESHARDING_STREAM_RECORDS("resharding_stream_records");

    private final String apiName;

    TransferMethod(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The method with this API name; null when there is none. */
    public static TransferMethod byApiName(String name) {
        for (TransferMethod m : values()) {
            if (m.apiName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The state the target replica is in while it fills. */
    public ReplicaState targetState() {
        return switch (this) {
            case STREAM_RECORDS -> ReplicaState.PARTIAL;
            case SNAPSHOT, WAL_DELTA -> ReplicaState.RECOVERY;
            case RESHARDING_STREAM_RECORDS -> ReplicaState.RESHARDING;
        };
    }

    /**
     * Whether the transfer copies points from a cutoff (the target's log begins there); the others bring the
     * target's log up to date from where it stands (after the snapshot, for {@code snapshot}).
     */
    public boolean copiesPoints() {
        return this == STREAM_RECORDS || this == RESHARDING_STREAM_RECORDS;
    }

    /** Whether the target starts from nothing (a new incarnation, new files) rather than from what it holds. */
    public boolean startsEmpty() {
        return switch (this) {
            case STREAM_RECORDS, SNAPSHOT, RESHARDING_STREAM_RECORDS -> true;
            case WAL_DELTA -> false;
        };
    }
}
