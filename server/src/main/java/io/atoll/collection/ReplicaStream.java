package io.atoll.collection;

import com.google.protobuf.ByteString;
import io.atoll.cluster.meta.ApplyResult;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.error.AtollException;
import io.atoll.shard.LoggedOp;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.WalRecord;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one replica its primary's records, in order and batched, on its own virtual thread. It starts with a
 * probe (an empty batch) that fences the replica at the primary's term and says how far the replica is; then it
 * sends whatever the replica lacks, from memory or from the WAL. A replica that cannot be reached for the
 * replication timeout, refuses records, or holds records the primary does not have is marked Dead through Raft;
 * only then may writes be acknowledged without it. Whether a replica holds records the primary does not is
 * decided at the probe, by {@link io.atoll.shard.LocalShard#divergenceOf}.
 */
final class ReplicaStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStream.class);

    private final ReplicationGroup group;
    private final long peer;
    private final String uri;
    private volatile boolean inSync;
    private volatile boolean stopped;
    /** The replica's last applied seq; -1 until the probe has answered. */
    private volatile long acked = -1;

    ReplicaStream(ReplicationGroup group, long peer, String uri) {
        this.group = group;
        this.peer = peer;
        this.uri = uri;
    }

    long acked() {
        return acked;
    }

    boolean inSync() {
        return inSync;
    }

    void setInSync(boolean inSync) {
        this.inSync = inSync;
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long failingSince = 0;
        String lastError = null;
        while (!stopped && !group.isClosed()) {
            try {
                List<LoggedOp> batch;
                if (acked < 0) {
                    batch = List.of();
                } else {
                    batch = group.recordsAfter(acked);
                    if (batch == null) {
                        markDead("the primary's log no longer holds the records after " + acked);
                        return;
                    }
                    if (batch.isEmpty()) {
                        group.awaitRecords(acked, 1000);
                        continue;
                    }
                }
                ReplicateResponse r = group.cluster.peers().replicate(uri, request(batch));
                failingSince = 0;
                switch (r.getOutcome()) {
                    case STALE_TERM -> {
                        LOG.warn("shard {}/{}: replica {} knows term {} > {}: no longer primary", group.collection,
                                group.shard, peer, r.getTerm(), group.term);
                        stopped = true;
                        group.deposed();
                        return;
                    }
                    case GAP, APPLIED -> {
                        String divergence = acked < 0
                                ? group.local.divergenceOf(r.getLastSeq(), r.getLastRecordTerm()) : null;
                        if (divergence != null) {
                            markDead("the replica does not follow the primary's log: " + divergence);
                            return;
                        }
                        acked = r.getLastSeq();
                        group.progressed();
                    }
                    default -> throw new IllegalStateException("unknown outcome " + r.getOutcome());
                }
            } catch (PeerUnreachableException | AtollException | IOException e) {
                long now = System.nanoTime();
                failingSince = failingSince == 0 ? now : failingSince;
                lastError = e.getMessage();
                if (now - failingSince > group.cluster.replicationTimeout().toNanos()) {
                    markDead(lastError);
                    return;
                }
                sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private ReplicateRequest request(List<LoggedOp> batch) {
        ReplicateRequest.Builder b = ReplicateRequest.newBuilder().setCollection(group.collection)
                .setShard(group.shard).setTerm(group.term).setWaitVisible(true)
                .setMetadataIndex(group.cluster.image().appliedIndex());
        for (LoggedOp op : batch) {
            b.addRecords(WalRecord.newBuilder().setSeq(op.seq()).setTerm(op.term())
                    .setOperation(ByteString.copyFrom(op.body())));
        }
        return b.build();
    }

    /** Retries until the record commits, this stream is stopped, or the shard moved to another term. */
    private void markDead(String why) {
        LOG.warn("shard {}/{}: marking the replica on peer {} Dead: {}", group.collection, group.shard, peer, why);
        while (!stopped && !group.isClosed()) {
            try {
                ApplyResult r = group.cluster.propose(
                        new MetadataRecord.MarkReplicaDead(group.collection, group.shard, peer, group.term));
                stopped = true;
                if (r.applied()) {
                    group.progressed();
                } else {
                    LOG.warn("shard {}/{}: marking peer {} Dead was refused: {}", group.collection, group.shard, peer,
                            r.rejection());
                    group.deposed();
                }
                return;
            } catch (AtollException e) {
                LOG.warn("shard {}/{}: cannot mark peer {} Dead yet: {}", group.collection, group.shard, peer,
                        e.getMessage());
                sleep(500);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
