package io.atoll.replication;

/**
 * What a primary records in the metadata about a resharding: a source's migration progress (and that it is
 * synced in its term), and that a shard deleted what a finished or aborted resharding left on it. Each call
 * proposes a record and says whether it was applied; it throws {@link io.atoll.error.AtollException} when the
 * metadata cannot be changed now (the caller tries again later).
 */
public interface ReshardingReports {
    boolean migrationProgressed(String collection, String uuid, int from, int to, long term, long copied, long total,
                                boolean synced, String error);

    boolean shardCleaned(String collection, int shard);
}
