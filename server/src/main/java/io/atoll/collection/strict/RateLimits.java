package io.atoll.collection.strict;

import io.atoll.schema.StrictModeConfig;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A collection's read and write buckets, made again when its limits change (a new limit starts with a full
 * minute's budget, as a reconfigured Qdrant shard does). Thread-safe.
 */
final class RateLimits {
    private final AtomicReference<RateLimiter> reads = new AtomicReference<>();
    private final AtomicReference<RateLimiter> writes = new AtomicReference<>();

    void read(StrictModeConfig s, long cost, long now) {
        take(reads, s.readRateLimit(), "Read", cost, now);
    }

    void write(StrictModeConfig s, long cost, long now) {
        take(writes, s.writeRateLimit(), "Write", cost, now);
    }

    private static void take(AtomicReference<RateLimiter> bucket, Long perMinute, String kind, long cost, long now) {
        if (perMinute == null) {
            return;
        }
        RateLimiter r = bucket.updateAndGet(b -> b != null && b.perMinute() == perMinute ? b
                : new RateLimiter(perMinute, kind, now));
        r.take(cost, now);
    }
}
