package io.atoll.shard;

/**
 * Storage settings of every local shard.
 *
 * @param fsync                    fsync the WAL before acknowledging (turn off only for throwaway data)
 * @param walSegmentBytes          size at which a WAL segment is closed and a new one started
 * @param walRetainSegments        closed segments kept after an index commit covers them (for catching up replicas)
 * @param minRefreshIntervalMillis the least time between two refreshes that make waiting writes visible
 */
public record ShardSettings(boolean fsync, long walSegmentBytes, int walRetainSegments, long minRefreshIntervalMillis) {
    public static final ShardSettings DEFAULT = new ShardSettings(true, 32L << 20, 2, 20);
}
