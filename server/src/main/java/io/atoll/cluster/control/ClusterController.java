package io.atoll.cluster.control;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.RaftStatus;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;

/** Cluster membership as the API sees it: the Raft status, and removing a peer. */
public final class ClusterController {
    private final RaftNode raft;
    private final MetadataLog log;

    public ClusterController(RaftNode raft, MetadataLog log) {
        this.raft = raft;
        this.log = log;
    }

    public long self() {
        return raft.peerId();
    }

    public ClusterImage image() {
        return log.image();
    }

    public RaftStatus status() {
        return raft.status();
    }

    /**
     * Removes a peer from the metadata and then from the Raft group. Refused while it holds replicas, unless
     * forced: then its replicas leave the metadata with it (their data is lost to the cluster).
     */
    public void removePeer(long peer, boolean force) {
        ClusterImage image = log.image();
        if (!image.peers().containsKey(peer)) {
            throw AtollException.notFound("Peer " + peer + " does not exist");
        }
        if (!force && image.replicasOn(peer) > 0) {
            throw AtollException.badRequest("Bad request: Cannot remove peer " + peer
                    + " as there are shards on it (use force=true to drop its replicas)");
        }
        ApplyResult r = log.propose(new MetadataRecord.RemovePeer(peer, force));
        if (r.rejectedFor(Rejection.Reason.NOT_FOUND)) {
            throw AtollException.notFound(r.rejection().message());
        }
        if (!r.applied()) {
            throw AtollException.badRequest("Bad request: " + r.rejection().message());
        }
        raft.removeMember(peer);
    }
}
