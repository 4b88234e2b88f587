package io.atoll.cluster.meta;

/**
 * The stages of a resharding, in order, with Qdrant's names (ARCHITECTURE.md section 8). Which ring readers and
 * writers use follows from the stage: reads switch to the new ring at {@link #READ_HASH_RING_COMMITTED}, writes at
 * {@link #WRITE_HASH_RING_COMMITTED}; finishing removes the resharding from the collection.
 */
public enum ReshardingStage {
    /** The points that change shard are copied, and writes to them forwarded, into their new shards. */
    MIGRATING_POINTS("MigratingPoints"),
    /** Reads use the new ring; writes still the old one (and are forwarded). No abort from here on. */
    READ_HASH_RING_COMMITTED("ReadHashRingCommitted"),
    /** Writes use the new ring too; what remains is to finish (old shards drop what they gave away). */
    WRITE_HASH_RING_COMMITTED("WriteHashRingCommitted");

    private final String apiName;

    ReshardingStage(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public boolean readsNewRing() {
        return this != MIGRATING_POINTS;
    }

    public boolean writesNewRing() {
        return this == WRITE_HASH_RING_COMMITTED;
    }
}
