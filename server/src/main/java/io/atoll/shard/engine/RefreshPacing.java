package io.atoll.shard.engine;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Paces the refreshes writers wait for: concurrent waiters share one refresh, and refreshes are at least the
 * minimum interval apart, so a stream of small waiting writes does not make one tiny segment each. Thread-safe.
 */
final class RefreshPacing {
    /** A refresh of the engine, covering everything applied when it starts. */
    interface Refresh {
        void run() throws IOException;
    }

    private final Object lock = new Object();
    private final long minIntervalNanos;
    private volatile long lastRefreshNanos;

    RefreshPacing(long minIntervalMillis) {
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    /** Returns once {@code visibleSeq} reaches {@code seq}, running {@code refresh} if no one else does. */
    void await(long seq, LongSupplier visibleSeq, Refresh refresh) throws IOException, InterruptedException {
        if (visibleSeq.getAsLong() >= seq) {
            return;
        }
        synchronized (lock) {
            if (visibleSeq.getAsLong() >= seq) {
                return;
            }
            long wait = lastRefreshNanos + minIntervalNanos - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (visibleSeq.getAsLong() < seq) {
                refresh.run();
            }
        }
    }

    /** A refresh happened (whoever asked for it). */
    void refreshed() {
        lastRefreshNanos = System.nanoTime();
    }
}
