package io.atoll.replication;

import java.util.concurrent.atomic.LongAdder;

/**
 * What this node's primaries sent to their replicas since it started (log records: following, catching up,
 * forwarding to transfer targets; copied points with their bytes), and the log records its replicas appended from
 * their primaries. For metrics, and for tests that check a recovery sent only what was missing: the receiving
 * side counts exactly, while a sender whose call timed out after the replica applied it never learns it was sent.
 * Thread-safe.
 */
public final class ReplicationCounters {
    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder pointsCopied = new LongAdder();
    private final LongAdder bytesCopied = new LongAdder();
    private final LongAdder recordsAppended = new LongAdder();

    void recordsSent(int n) {
        recordsSent.add(n);
    }

    void copied(int points, long bytes) {
        pointsCopied.add(points);
        bytesCopied.add(bytes);
    }

    void recordsAppended(long n) {
        recordsAppended.add(n);
    }

    public long recordsAppended() {
        return recordsAppended.sum();
    }

    public long recordsSent() {
        return recordsSent.sum();
    }

    public long pointsCopied() {
        return pointsCopied.sum();
    }

    public long bytesCopied() {
        return bytesCopied.sum();
    }
}
