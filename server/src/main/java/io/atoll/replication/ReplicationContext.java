package io.atoll.replication;

import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.transport.PeerTransport;
import java.time.Duration;

/**
 * What replication needs from the node around it: its peer id, the transport to other nodes, how long a replica
 * may fail to answer before it is marked Dead, the metadata the node has acted on (its index goes with every
 * request), the ports through which failed replicas and resharding progress are reported, the node's outgoing
 * copy bandwidth (shared by transfers and resharding migrations), and the counters of what was sent. Immutable.
 *
 * @param reports null where nothing is resharded (tests of replication alone)
 */
public record ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                                 ReplicaFailures failures, ReshardingReports reports, TransferThrottle throttle,
                                 ReplicationCounters counters) {
    public ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                              ReplicaFailures failures, ReshardingReports reports, TransferThrottle throttle) {
        this(self, transport, timeout, metadata, failures, reports, throttle, new ReplicationCounters());
    }

    public ReplicationContext(long self, PeerTransport transport, Duration timeout, NodeMetadata metadata,
                              ReplicaFailures failures) {
        this(self, transport, timeout, metadata, failures, null, new TransferThrottle(0));
    }

    /** The metadata index this node has acted on: a receiver behind it catches up before it judges a request. */
    long metadataIndex() {
        return metadata.image().appliedIndex();
    }
}
