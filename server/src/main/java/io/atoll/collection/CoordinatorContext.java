package io.atoll.collection;

import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.replication.LocalReplicas;
import io.atoll.transport.PeerTransport;
import java.time.Duration;

/**
 * What a collection's coordinators need from the node: its peer id, its open replicas, the transport to other
 * nodes, the metadata it has acted on, and the replication timeout that bounds how long a write may wait.
 * Immutable.
 */
public record CoordinatorContext(long self, LocalReplicas replicas, PeerTransport transport, NodeMetadata metadata,
                                 Duration timeout) {
}
