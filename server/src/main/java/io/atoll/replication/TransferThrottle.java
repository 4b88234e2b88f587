package io.atoll.replication;

/**
 * The byte-rate limit of this node's outgoing transfers, shared by all of them: a token bucket refilled at
 * {@code bytesPerSecond} holding at most one second of it. 0 means unlimited. The rate can change at run time.
 * Thread-safe.
 */
public final class TransferThrottle {
    private volatile long bytesPerSecond;
    private double available;
    private long lastNanos = System.nanoTime();

    public TransferThrottle(long bytesPerSecond) {
        setRate(bytesPerSecond);
    }

    public void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a transfer rate is 0 (unlimited) or positive, got " + bytesPerSecond);
        }
        synchronized (this) {
            this.bytesPerSecond = bytesPerSecond;
            available = 0;
            lastNanos = System.nanoTime();
        }
    }

    public long rate() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} may be sent. */
    public void acquire(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long rate = bytesPerSecond;
            if (rate == 0) {
                return;
            }
            long now = System.nanoTime();
            available = Math.min(rate, available + (now - lastNanos) / 1e9 * rate); // in double: no overflow
            lastNanos = now;
            available -= bytes;
            wait = available >= 0 ? 0 : (long) (-available * 1e9 / rate);
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
