package io.atoll.server;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;
import io.atoll.node.ActedImage;
import io.atoll.transfer.TransferRecords;
import java.util.function.Supplier;

/**
 * Transfer records over this node's Raft member. A proposal returns once committed, not once acted on here: the
 * reconciler acting on a finished transfer stops its driver, which must not be waiting for that very act.
 */
final class RaftTransferRecords implements TransferRecords {
    private final Supplier<RaftNode> raft;
    private final ActedImage acted;

    RaftTransferRecords(Supplier<RaftNode> raft, ActedImage acted) {
        this.raft = raft;
        this.acted = acted;
    }

    @Override
    public ApplyResult propose(MetadataRecord record) {
        RaftNode r = raft.get();
        if (r == null) {
            throw AtollException.unavailable("this node is still starting");
        }
        return r.propose(record);
    }

    @Override
    public ClusterImage image() {
        return acted.image();
    }
}
