package io.atoll.collection;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.transport.PeerClient;
import java.time.Duration;

/** What collections need from the cluster around them. Implemented by the node's wiring. */
public interface ClusterContext {
    /** This node's peer id. */
    long self();

    /** The latest metadata this node has applied. */
    ClusterImage image();

    /** Waits until this node has applied the metadata up to {@code index}; false on timeout. */
    boolean awaitMetadata(long index, Duration timeout);

    /**
     * Returns once this node has applied every metadata record committed before the call; unavailable without a
     * Raft quorum. Reads that must not be stale check their replicas against the metadata afterwards.
     */
    void syncMetadata();

    /** Commits a metadata record through Raft and returns once it is applied here. */
    ApplyResult propose(MetadataRecord record);

    PeerClient peers();

    /** How long a replica may fail to answer before it is marked Dead. */
    Duration replicationTimeout();
}
