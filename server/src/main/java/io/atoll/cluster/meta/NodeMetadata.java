package io.atoll.cluster.meta;

import io.atoll.error.AtollException;
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
     * A peer's request carries the metadata index the peer had: waits (up to 5 s) until this node acted on as much
     * before the request is judged, and refuses it as unavailable (the peer tries again) when it did not.
     */
    default void requireActed(long index) {
        if (!awaitActed(index, Duration.ofSeconds(5))) {
            throw AtollException.unavailable("this node has not caught up with metadata index " + index);
        }
    }

    /**
     * Returns once this node has acted on every metadata record committed before the call (a Raft read-index
     * round); unavailable without a Raft quorum. Reads that must not be stale check their replicas against the
     * metadata afterwards.
     */
    void sync();
}
