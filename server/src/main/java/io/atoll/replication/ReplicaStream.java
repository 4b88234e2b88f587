package io.atoll.replication;

import com.google.protobuf.ByteString;
import io.atoll.error.AtollException;
import io.atoll.shard.LogCursor;
import io.atoll.shard.LoggedOp;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.WalRecord;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one replica its primary's records, in order and batched, on its own virtual thread, in one of explicit
 * modes. A replica that follows the primary's log starts {@link StreamMode#PROBING}: an empty batch fences it at the
 * primary's term and says how far its log is, and a log that is not a prefix of the primary's (see
 * {@link io.atoll.shard.LocalShard#divergenceOf}) is marked Dead. It then catches up from the log and follows
 * from memory. A transfer target starts {@link StreamMode#FORWARDING} at the position its transfer registered and is
 * never probed: it holds only part of the log. A replica that cannot be reached for the replication timeout, or
 * whose records the primary's log no longer holds, is marked Dead through Raft; only then may writes be
 * acknowledged without it.
 */
final class ReplicaStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStream.class);
    static final int MAX_BATCH = 512;
    private static final long MAX_BATCH_BYTES = 8L << 20;

    private final ReplicationGroup group;
    private final long peer;
    private final long incarnation;
    private final String uri;
    private final boolean forwarded;
    private volatile StreamMode mode;
    private volatile boolean stopped;
    private volatile boolean inSync;
    /** The replica's last applied seq; -1 until the probe has answered. */
    private volatile long acked;
    /** Reads the log for a replica behind the records in memory; kept across batches. */
    private LogCursor cursor;

    private ReplicaStream(ReplicationGroup group, long peer, long incarnation, String uri, StreamMode start, long acked) {
        this.group = group;
        this.peer = peer;
        this.incarnation = incarnation;
        this.uri = uri;
        this.mode = start;
        this.forwarded = start == StreamMode.FORWARDING;
        this.acked = acked;
    }

    static ReplicaStream following(ReplicationGroup group, long peer, long incarnation, String uri) {
        return new ReplicaStream(group, peer, incarnation, uri, StreamMode.PROBING, -1);
    }

    static ReplicaStream forwarding(ReplicationGroup group, long peer, long incarnation, String uri, long afterSeq) {
        return new ReplicaStream(group, peer, incarnation, uri, StreamMode.FORWARDING, afterSeq);
    }

    long acked() {
        return acked;
    }

    long incarnation() {
        return incarnation;
    }

    StreamMode mode() {
        return stopped ? StreamMode.STOPPED : mode;
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

    /** A batch to send: its records, and whether a client waits until the last of them is visible. */
    private record Batch(List<LoggedOp> records, boolean waitVisible) {
        static final Batch PROBE = new Batch(List.of(), false);
    }

    @Override
    public void run() {
        long failingSince = 0;
        while (!stopped() && !group.isClosed()) {
            try {
                Batch batch = mode == StreamMode.PROBING ? Batch.PROBE : nextBatch();
                if (batch == null) {
                    markDead("the primary's log no longer holds the records after " + acked);
                    return;
                }
                if (batch.records().isEmpty() && mode != StreamMode.PROBING) {
                    group.awaitRecords(acked, 1000);
                    continue;
                }
                ReplicateResponse r = group.context.transport().call(uri, PeerRpcs.REPLICATE, request(batch));
                failingSince = 0;
                if (!accept(r)) {
                    return;
                }
            } catch (PeerUnreachableException | AtollException | IOException e) {
                long now = System.nanoTime();
                failingSince = failingSince == 0 ? now : failingSince;
                if (now - failingSince > group.context.timeout().toNanos()) {
                    markDead(e.getMessage());
                    return;
                }
                sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The records after {@code acked}: from memory when it holds them, else from the log; empty when there are none
     * yet, null when the log no longer holds them.
     */
    private Batch nextBatch() throws IOException {
        List<ReplicationGroup.Pending> fromMemory = group.pendingAfter(acked, MAX_BATCH);
        if (fromMemory != null) {
            mode = forwarded ? StreamMode.FORWARDING : StreamMode.FOLLOWING;
            cursor = null;
            return new Batch(fromMemory.stream().map(ReplicationGroup.Pending::op).toList(),
                    fromMemory.stream().anyMatch(ReplicationGroup.Pending::waited));
        }
        if (group.local.lastSeq() <= acked) {
            return new Batch(List.of(), false);
        }
        mode = forwarded ? StreamMode.FORWARDING : StreamMode.CATCHING_UP;
        if (cursor == null || cursor.position() != acked) {
            cursor = group.local.cursorAfter(acked);
        }
        List<LoggedOp> fromLog = cursor.next(MAX_BATCH, MAX_BATCH_BYTES);
        return fromLog == null ? null : new Batch(fromLog, false);
    }

    /** Acts on the replica's answer; false when the stream is done. */
    private boolean accept(ReplicateResponse r) {
        switch (r.getOutcome()) {
            case STALE_TERM -> {
                LOG.warn("shard {}: replica {} knows term {} > {}: no longer primary", group.id, peer, r.getTerm(),
                        group.term);
                stop();
                group.deposed();
                return false;
            }
            case GAP, APPLIED -> {
                if (mode == StreamMode.PROBING) {
                    String divergence = group.local.divergenceOf(r.getLastSeq(), r.getLastRecordTerm());
                    if (divergence != null) {
                        markDead("the replica does not follow the primary's log: " + divergence);
                        return false;
                    }
                    mode = StreamMode.CATCHING_UP;
                } else if (r.getOutcome() == ReplicateResponse.Outcome.GAP && forwarded) {
                    markDead("the transfer target is missing records before " + (acked + 1));
                    return false;
                }
                // A replica that follows the log and reports a gap holds a prefix of it: send on from its end.
                acked = r.getLastSeq();
                group.progressed();
                return true;
            }
            default -> throw new IllegalStateException("unknown outcome " + r.getOutcome());
        }
    }

    private ReplicateRequest request(Batch batch) {
        ReplicateRequest.Builder b = ReplicateRequest.newBuilder().setCollection(group.id.collection())
                .setShard(group.id.shard()).setTerm(group.term).setIncarnation(incarnation)
                .setWaitVisible(batch.waitVisible()).setMetadataIndex(group.context.metadataIndex());
        for (LoggedOp op : batch.records()) {
            b.addRecords(WalRecord.newBuilder().setSeq(op.seq()).setTerm(op.term())
                    .setOperation(ByteString.copyFrom(op.body())));
        }
        return b.build();
    }

    /** Retries until the record commits, this stream is stopped, or the shard moved to another term. */
    private void markDead(String why) {
        LOG.warn("shard {}: marking the replica on peer {} (incarnation {}) Dead: {}", group.id, peer, incarnation, why);
        while (!stopped() && !group.isClosed()) {
            try {
                ReplicaFailures.Outcome outcome = group.context.failures()
                        .markDead(group.id.collection(), group.id.shard(), peer, incarnation, group.term);
                stop();
                switch (outcome) {
                    case MARKED, GONE -> group.progressed();
                    case DEPOSED -> {
                        LOG.warn("shard {}: marking peer {} Dead was refused: the shard left term {}", group.id, peer,
                                group.term);
                        group.deposed();
                    }
                }
                return;
            } catch (AtollException e) {
                LOG.warn("shard {}: cannot mark peer {} Dead yet: {}", group.id, peer, e.getMessage());
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
