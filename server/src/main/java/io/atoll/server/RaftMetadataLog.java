package io.atoll.server;

import io.atoll.cluster.control.MetadataLog;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.cluster.meta.Rejection;
import io.atoll.cluster.raft.RaftNode;
import io.atoll.error.AtollException;
import io.atoll.node.ActedImage;
import io.atoll.replication.ReplicaFailures;
import io.atoll.replication.ReshardingReports;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The metadata log over this node's Raft member: a proposal returns once this node has acted on it. Also the port
 * through which primaries report failed replicas, which needs the record committed, not acted on here: a write
 * waiting for it must not wait for this node to open some other replica first.
 */
final class RaftMetadataLog implements MetadataLog, ReplicaFailures, ReshardingReports {
    private final Supplier<RaftNode> raft;
    private final ActedImage acted;
    private final Duration timeout;

    /** {@code raft} gives null until the node's Raft member has started. */
    RaftMetadataLog(Supplier<RaftNode> raft, ActedImage acted, Duration timeout) {
        this.raft = raft;
        this.acted = acted;
        this.timeout = timeout;
    }

    private RaftNode raft() {
        RaftNode r = raft.get();
        if (r == null) {
            throw AtollException.unavailable("this node is still starting");
        }
        return r;
    }

    @Override
    public ClusterImage image() {
        return raft().image();
    }

    @Override
    public ApplyResult propose(MetadataRecord record) {
        ApplyResult r = raft().propose(record);
        if (!acted.await(r.image().appliedIndex(), timeout)) {
            throw AtollException.unavailable("the metadata change was committed, but this node has not acted on it "
                    + "within " + timeout.toSeconds() + " s");
        }
        return r;
    }

    @Override
    public boolean isLeader() {
        return raft().isLeader();
    }

    @Override
    public Outcome markDead(String collection, int shard, long peer, long incarnation, long term) {
        ApplyResult r = raft().propose(new MetadataRecord.MarkReplicaDead(collection, shard, peer, incarnation, term));
        if (r.applied()) {
            return Outcome.MARKED;
        }
        return r.rejectedFor(Rejection.Reason.NOT_FOUND) ? Outcome.GONE : Outcome.DEPOSED;
    }

    @Override
    public boolean migrationProgressed(String collection, String uuid, int from, int to, long term, long copied,
                                       long total, boolean synced, String error) {
        return raft().propose(new MetadataRecord.MigrationProgressed(collection, uuid, from, to, term, copied, total,
                synced, error)).applied();
    }

    @Override
    public boolean shardCleaned(String collection, int shard) {
        return raft().propose(new MetadataRecord.ShardCleaned(collection, shard)).applied();
    }
}
