package io.atoll.shard;

/**
 * Storage settings of every local shard.
 *
 * @param fsync                    fsync the WAL before acknowledging (turn off only for throwaway data)
 * @param walSegmentBytes          size at which a WAL segment is closed and a new one started
 * @param walRetainSegments        closed segments kept after an index commit covers them (for catching up replicas)
 * @param minRefreshIntervalMillis the least time between two refreshes that make waiting writes visible
 * @param retentionMaxAgeSeconds   how long the log keeps records for a replica that stopped acknowledging them (a
 *                                 node that went down), so that it is recovered from the log when it returns
 * @param retentionMaxBytes        the most log the retention leases may keep; beyond it a returning replica is
 *                                 recovered by a full copy
 */
public record ShardSettings(boolean fsync, long walSegmentBytes, int walRetainSegments, long minRefreshIntervalMillis,
                            long retentionMaxAgeSeconds, long retentionMaxBytes) {
    public static final ShardSettings DEFAULT = new ShardSettings(true, 32L << 20, 2, 20, 1800, 1L << 30);

    public ShardSettings(boolean fsync, long walSegmentBytes, int walRetainSegments, long minRefreshIntervalMillis) {
        this(fsync, walSegmentBytes, walRetainSegments, minRefreshIntervalMillis, DEFAULT.retentionMaxAgeSeconds,
                DEFAULT.retentionMaxBytes);
    }
}
