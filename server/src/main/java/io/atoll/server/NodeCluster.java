package io.atoll.server;

import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.collection.ClusterContext;
import io.atoll.transport.PeerClient;
import java.time.Duration;

/** The cluster as this node's collections see it, backed by its Raft member (set once it has started). */
final class NodeCluster implements ClusterContext {
    private final long self;
    private final PeerClient peers;
    private final Duration replicationTimeout;
    private volatile RaftNode raft;
    private volatile ClusterImage image = ClusterImage.EMPTY;

    NodeCluster(long self, PeerClient peers, Duration replicationTimeout) {
        this.self = self;
        this.peers = peers;
        this.replicationTimeout = replicationTimeout;
    }

    /** Called on the apply thread before the collections follow {@code next}. */
    void follow(ClusterImage next) {
        this.image = next;
    }

    void started(RaftNode node) {
        this.raft = node;
    }

    RaftNode raft() {
        return raft;
    }

    @Override
    public long self() {
        return self;
    }

    @Override
    public ClusterImage image() {
        return image;
    }

    @Override
    public boolean awaitMetadata(long index, Duration timeout) {
        return raft.awaitApplied(index, timeout);
    }

    @Override
    public void syncMetadata() {
        raft.syncApplied();
    }

    @Override
    public ApplyResult propose(MetadataRecord record) {
        return raft.propose(record);
    }

    @Override
    public PeerClient peers() {
        return peers;
    }

    @Override
    public Duration replicationTimeout() {
        return replicationTimeout;
    }
}
