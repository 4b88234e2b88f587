package io.atoll.security;

import io.atoll.error.AtollException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per second per caller ({@link Principal#id()}), as token buckets: each caller may burst up to
 * {@code burst} requests, then gets {@code perSecond} more each second; over that, a 429 saying when the next request
 * fits. One caller's flood does not slow another's. Off when {@code perSecond} is 0. Thread-safe.
 */
public final class RateLimiter {
    /** Callers remembered at most: past it, buckets that have refilled are forgotten (they would allow a burst anyway). */
    private static final int MAX_CALLERS = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
    }

    /** Takes one request from {@code caller}'s bucket, or throws RATE_LIMITED with the seconds to wait. */
    public void acquire(String caller) {
        if (perSecond <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_CALLERS) {
            buckets.values().removeIf(b -> b.full(now));
        }
        double wait = buckets.computeIfAbsent(caller, c -> new Bucket(now)).take(now);
        if (wait > 0) {
            throw AtollException.rateLimited("too many requests for this API key, retry in "
                    + (long) Math.ceil(wait) + " s", (long) Math.ceil(wait));
        }
    }

    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        /** Seconds until a request fits, 0 when this one does (and was taken). */
        synchronized double take(long now) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }

        synchronized boolean full(long now) {
            return tokens + (now - updated) / 1e9 * perSecond >= burst;
        }
    }
}
