package io.atoll.collection.strict;

import io.atoll.error.AtollException;

/**
 * A token bucket holding up to a minute's budget ({@code perMinute} tokens) and refilled continuously at
 * {@code perMinute / 60} per second, as Qdrant's strict mode limits reads and writes. A request takes as many
 * tokens as it costs or is refused whole with the time after which it would fit. Thread-safe.
 */
final class RateLimiter {
    private final long perMinute;
    private final String kind;
    private double tokens;
    private long lastNanos;

    RateLimiter(long perMinute, String kind, long nowNanos) {
        this.perMinute = perMinute;
        this.kind = kind;
        this.tokens = perMinute;
        this.lastNanos = nowNanos;
    }

    long perMinute() {
        return perMinute;
    }

    synchronized void take(long cost, long nowNanos) {
        if (cost > perMinute) {
            throw AtollException.rateLimited(kind + " rate limit exceeded, operation cost " + cost
                    + " is larger than the rate limit of " + perMinute + " per minute", 0);
        }
        tokens = Math.min(perMinute, tokens + (nowNanos - lastNanos) / 60e9 * perMinute);
        lastNanos = nowNanos;
        if (tokens < cost) {
            double seconds = (cost - tokens) * 60.0 / perMinute;
            long retry = (long) Math.ceil(seconds);
            throw AtollException.rateLimited(String.format(java.util.Locale.ROOT,
                    "%s rate limit exceeded: Operation requires %d tokens but only %.1f were available. Retry after %ds",
                    kind, cost, tokens, retry), retry);
        }
        tokens -= cost;
    }
}
