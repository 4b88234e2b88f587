package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;

/**
 * The cluster metadata as controllers use it: the latest image, and proposing records. Implemented over Raft by
 * the node's wiring; tests apply records to an image in memory. Thread-safe.
 */
public interface MetadataLog {
    /** The latest image this node has applied. */
    ClusterImage image();

    /**
     * Commits a record and returns once this node has acted on it (its replicas follow the image that holds it),
     * with why it changed nothing when a guard refused it. Unavailable without a Raft quorum: the record may still
     * commit later.
     */
    ApplyResult propose(MetadataRecord record);

    /** Whether this node leads the Raft group (controllers that decide for the cluster run only there). */
    boolean isLeader();
}
