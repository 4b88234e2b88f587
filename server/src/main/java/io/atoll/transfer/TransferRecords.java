package io.atoll.transfer;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;

/**
 * The metadata a transfer driver reads and the records it proposes (checkpoints, finish, abort, restart),
 * through Raft. Proposing may fail while there is no Raft leader (an AtollException): drivers try again.
 */
public interface TransferRecords {
    ApplyResult propose(MetadataRecord record);

    /** The metadata this node has applied. */
    ClusterImage image();
}
