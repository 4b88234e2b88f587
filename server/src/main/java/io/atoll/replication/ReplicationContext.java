package io.atoll.replication;

import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.transport.PeerTransport;
import java.time.Duration;

/**
 * What replication needs from the node around it: its peer id, the transport to other nodes, how long a replica
 * may fail to answer before it is marked Dead, the metadata the node has acted on (its index goes with every
 * request), the ports through which failed replicas and resharding progress are reported, and the counters of
 * what was sent. Immutable.
 *
 * @param reports null where nothing is resharded (tests of replication alone)
 */
public record ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                                 ReplicaFailures failures, ReshardingReports reports, ReplicationCounters counters) {
    public ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                              ReplicaFailures failures, ReshardingReports reports) {
        this(self, transport, timeout, metadata, failures, reports, new ReplicationCounters());
    }

    public ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                              ReplicaFailures failures) {
        this(self, transport, timeout, metadata, failures, null);
    }

    /** The metadata index this node has acted on: a receiver behind it catches up before it judges a request. */
    long metadataIndex() {
        return metadata.image().appliedIndex();
    }
}
