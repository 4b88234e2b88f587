package io.atoll.cluster.meta;

import java.time.Duration;

/**
 * The metadata as this node has acted on it: its replicas follow {@link #image()}. A request from another node
 * carries the sender's index, and the receiver waits until it has acted on that much before it judges the request,
 * so that a replica the sender already knows about is found rather than reported missing. Thread-safe.
 */
public interface NodeMetadata {
    /** The latest image this node has acted on. */
    ClusterImage image();

    /** Waits until this node has acted on the metadata up to {@code index}; false on timeout. */
    boolean awaitActed(long index, Duration timeout);

    /**
     * Returns once this node has acted on every metadata record committed before the call (a Raft read-index
     * round); unavailable without a Raft quorum. Reads that must not be stale check their replicas against the
     * metadata afterwards.
     */
    void sync();
}
