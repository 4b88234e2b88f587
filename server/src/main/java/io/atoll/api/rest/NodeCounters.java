package io.atoll.api.rest;

/**
 * Counters of this node's data plane that /metrics shows: what its primaries sent to replicas, and what its
 * replicas appended from their primaries.
 */
public interface NodeCounters {
    long recordsSent();

    long recordsAppended();

    long pointsCopied();

    long bytesCopied();

    long snapshotBytesSent();
}
