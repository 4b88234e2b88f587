package io.atoll.collection.strict;

import io.atoll.schema.StrictModeConfig;

/**
 * A collection's read and write buckets, made again when its limits change (a new limit starts with a full
 * minute's budget, as a reconfigured Qdrant shard does). Thread-safe.
 */
final class RateLimits {
    private volatile RateLimiter reads;
    private volatile RateLimiter writes;

    void read(StrictModeConfig s, long cost, long now) {
        if (s.readRateLimit() == null) {
            return;
        }
        RateLimiter r = reads;
        if (r == null || r.perMinute() != s.readRateLimit()) {
            r = reads = new RateLimiter(s.readRateLimit(), "Read", now);
        }
        r.take(cost, now);
    }

    void write(StrictModeConfig s, long cost, long now) {
        if (s.writeRateLimit() == null) {
            return;
        }
        RateLimiter w = writes;
        if (w == null || w.perMinute() != s.writeRateLimit()) {
            w = writes = new RateLimiter(s.writeRateLimit(), "Write", now);
        }
        w.take(cost, now);
    }
}
