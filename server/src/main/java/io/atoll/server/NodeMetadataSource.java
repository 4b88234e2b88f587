package io.atoll.server;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;
import io.atoll.node.ActedImage;
import java.time.Duration;
import java.util.function.Supplier;

/** The metadata this node acted on (from its reconciler), synchronized with the cluster through Raft. */
final class NodeMetadataSource implements NodeMetadata {
    private final ActedImage acted;
    private final Supplier<RaftNode> raft;
    private final Duration timeout;

    NodeMetadataSource(ActedImage acted, Supplier<RaftNode> raft, Duration timeout) {
        this.acted = acted;
        this.raft = raft;
        this.timeout = timeout;
    }

    @Override
    public ClusterImage image() {
        return acted.image();
    }

    @Override
    public boolean awaitActed(long index, Duration wait) {
        return acted.await(index, wait);
    }

    @Override
    public void sync() {
        RaftNode r = raft.get();
        if (r == null) {
            throw AtollException.unavailable("this node is still starting");
        }
        long index = r.syncApplied();
        if (!acted.await(index, timeout)) {
            throw AtollException.unavailable("this node has not acted on the cluster metadata up to " + index
                    + " within " + timeout.toSeconds() + " s");
        }
    }
}
