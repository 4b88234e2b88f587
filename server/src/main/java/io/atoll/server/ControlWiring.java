package io.atoll.server;

import io.atoll.cluster.control.MetadataLog;
import io.atoll.cluster.control.loop.ControllerLoop;
import io.atoll.cluster.control.loop.FailoverDecider;
import io.atoll.cluster.control.loop.PeerLiveness;
import io.atoll.cluster.control.loop.PromotionDecider;
import io.atoll.cluster.control.loop.RecoveryDecider;
import io.atoll.cluster.control.loop.ReplicationOpsDecider;
import io.atoll.cluster.control.loop.ReshardingDecider;
import io.atoll.cluster.control.manage.DrainDecider;
import io.atoll.cluster.control.manage.ManagementSettings;
import io.atoll.cluster.control.manage.RebalanceDecider;
import io.atoll.cluster.control.manage.ReplicationFactorDecider;
import io.atoll.cluster.control.manage.StrandedOpsDecider;
import io.atoll.transport.PeerTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** Builds the controller loop a node runs while it leads the Raft group: its liveness and its deciders, in order. */
final class ControlWiring {
    private ControlWiring() {
    }

    static ControllerLoop loop(NodeConfig config, long peerId, MetadataLog log, PeerTransport peers) {
        ManagementSettings manage = config.management();
        // Order matters within a round: failover first; the replication factor's removals before the recovery
        // that would otherwise bring a surplus replica back; drains before the rebalancer, which waits for them.
        return new ControllerLoop(log,
                new PeerLiveness(peerId, peers, System::nanoTime, config.deadAfter(), manage.replaceDeadAfter(),
                        () -> diskFreeBytes(config)), peers,
                List.of(new FailoverDecider(),
                        new StrandedOpsDecider(System::currentTimeMillis),
                        new ReplicationFactorDecider(manage, System::currentTimeMillis),
                        new RecoveryDecider(manage.incomingLimit(), manage.outgoingLimit(),
                                System::currentTimeMillis, manage.keepReplicationFactor()),
                        new DrainDecider(manage, System::currentTimeMillis),
                        new RebalanceDecider(manage, System::currentTimeMillis),
                        new ReplicationOpsDecider(System::currentTimeMillis),
                        new ReshardingDecider(System::currentTimeMillis),
                        new PromotionDecider(System::currentTimeMillis)));
    }

    /** Usable bytes left where the node keeps its data; 0 when the file system cannot tell. */
    static long diskFreeBytes(NodeConfig config) {
        try {
            return Files.getFileStore(config.storage()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
