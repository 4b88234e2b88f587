package io.atoll.transfer;

import java.util.concurrent.atomic.LongAdder;

/** What this node's transfer drivers sent beside the replication streams (snapshot files), for /metrics. */
public final class TransferCounters {
    private final LongAdder snapshotBytes = new LongAdder();

    void snapshotSent(long bytes) {
        snapshotBytes.add(bytes);
    }

    public long snapshotBytesSent() {
        return snapshotBytes.sum();
    }
}
