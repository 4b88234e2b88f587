package io.atoll.api.rest;

/** Counters of this node's data plane that /metrics shows (what its primaries sent to replicas). */
public interface NodeCounters {
    long recordsSent();

    long pointsCopied();

    long bytesCopied();

    long snapshotBytesSent();
}
