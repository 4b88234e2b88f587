package io.atoll.replication;

import com.google.protobuf.ByteString;
import io.atoll.error.AtollException;
import io.atoll.shard.LogCursor;
import io.atoll.shard.LogPosition;
import io.atoll.shard.LoggedOp;
import io.atoll.transport.PeerRpcs;
import io.atoll.transport.PeerUnreachableException;
import io.atoll.transport.proto.LogPoint;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.WalRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one replica its primary's records, in order and batched, on its own virtual thread, in one of explicit
 * modes. It starts {@link StreamMode#PROBING}: an empty batch fences the replica at the primary's term and says
 * how far its log is, and a log that is not a prefix of the primary's (see
 * {@link io.atoll.shard.LocalShard#divergenceOf}) cannot follow. It then catches up from the log and follows from
 * memory.
 *
 * <p>A <em>transfer</em> stream fills a transfer target. Its probe carries the transfer's cutoff, where a target
 * that holds nothing starts its log; it then sends the records after the cutoff ({@link StreamMode#FORWARDING})
 * and, between them, the transfer's copies of the points, each only once the target holds every record up to the
 * position the copy was read at, so no later record reaches the target before the copy it may depend on. It
 * counts for acknowledgements only once its promotion is asked for (see {@link ReplicationGroup#progressed}); until then nobody
 * waits for the target, so an unreachable target is retried, not marked Dead (the transfer resumes when it comes
 * back), and a log that cannot serve it fails the transfer rather than the replica.
 *
 * <p>A replica in sync that cannot be reached for the replication timeout, or whose records the primary's log no
 * longer holds, is marked Dead through Raft; only then may writes be acknowledged without it.
 */
final class ReplicaStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStream.class);
    static final int MAX_BATCH = 512;
    private static final long MAX_BATCH_BYTES = 8L << 20;

    /** A copy waiting to be sent once the replica holds every record up to {@code position}. */
    record Copy(byte[] encodedPoints, long position, CompletableFuture<LogPosition> done) {
    }

    private final ReplicationGroup group;
    private final long peer;
    private final long incarnation;
    private final String uri;
    private final LogPosition beginAt;
    private volatile boolean transfer;
    private volatile StreamMode mode = StreamMode.PROBING;
    private volatile boolean stopped;
    private volatile boolean inSync;
    /** Set once, on the monitor of the group: the transfer target counts for acknowledgements from then on. */
    private volatile boolean promoted;
    private volatile boolean promotionWanted;
    private volatile long promoteAt;
    /** The copy to send next, once the replica holds its position; records after it wait until it is sent. */
    private final AtomicReference<Copy> copy = new AtomicReference<>();
    /** Asked for by a transfer about to finish: the replica makes what it holds visible to searches. */
    private final AtomicReference<CompletableFuture<Void>> visible = new AtomicReference<>();
    /** The last failure to reach or write to the replica, null since the last success. */
    private volatile String lastError;
    /** Why a transfer stream stopped; null while it runs. */
    private volatile String failure;
    /** Set when the replica is marked Dead: its lease outlives the stream, for a while. */
    private volatile boolean keepLease;
    /** The replica's last applied seq; -1 until the probe has answered. */
    private volatile long acked;
    /** Reads the log for a replica behind the records in memory; kept across batches. */
    private LogCursor cursor;

    private ReplicaStream(ReplicationGroup group, long peer, long incarnation, String uri, boolean transfer,
                          LogPosition beginAt) {
        this.group = group;
        this.peer = peer;
        this.incarnation = incarnation;
        this.uri = uri;
        this.transfer = transfer;
        this.beginAt = beginAt;
        this.acked = -1;
    }

    static ReplicaStream following(ReplicationGroup group, long peer, long incarnation, String uri) {
        return new ReplicaStream(group, peer, incarnation, uri, false, null);
    }

    /** A transfer stream; {@code beginAt} is the cutoff an empty target starts from (null: it keeps its log). */
    static ReplicaStream transfer(ReplicationGroup group, long peer, long incarnation, String uri, LogPosition beginAt) {
        return new ReplicaStream(group, peer, incarnation, uri, true, beginAt);
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
        this.inSync = inSync || promotionWanted;
    }

    boolean isTransfer() {
        return transfer;
    }

    /** The target became a replica that follows the log (its transfer finished): failures now mark it Dead. */
    void endTransfer() {
        transfer = false;
    }

    boolean promotionWanted() {
        return promotionWanted && !promoted;
    }

    /** The records up to here must be on the replica before it is promoted (set with the request). */
    long promoteAt() {
        return promoteAt;
    }

    /**
     * Called on the group's monitor: from now on the replica counts for acknowledgements (every later write waits
     * for it); it is promoted once it holds every record up to {@code handedOver}, the last one handed over.
     */
    void requestPromotion(long handedOver) {
        promoteAt = handedOver;
        promotionWanted = true;
        inSync = true;
    }

    /** Called on the group's monitor once the replica holds every record up to {@link #promoteAt}. */
    void promote() {
        promoted = true;
    }

    boolean promoted() {
        return promoted;
    }

    String failure() {
        return failure;
    }

    String lastError() {
        return lastError;
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stop(keepLease);
    }

    /** Stops; with {@code keepLogForReplica} the log keeps what the replica lacks until its lease expires. */
    void stop(boolean keepLogForReplica) {
        keepLease = keepLease || keepLogForReplica;
        stopped = true;
        Copy c = copy.get();
        if (c != null) {
            c.done().completeExceptionally(AtollException.unavailable("the stream to peer " + peer + " stopped"));
        }
        if (!keepLease) {
            group.local.releaseLog(lease()); // a replica marked Dead keeps it until it expires
        }
    }

    /**
     * Has the replica make every record it holds visible to searches (a transfer about to finish: its target
     * serves reads as soon as it is Active); the future completes once it did.
     */
    CompletableFuture<Void> makeVisible() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        visible.set(f);
        return f;
    }

    /** Queues a copy; its future completes once the replica applied it durably, or fails when the stream stops. */
    void send(Copy c) {
        Copy replaced = copy.getAndSet(c);
        if (replaced != null) {
            replaced.done().completeExceptionally(AtollException.unavailable("replaced by a newer copy"));
        }
        if (stopped) {
            stop();
        }
    }

    private String lease() {
        return leaseName(peer, incarnation);
    }

    static String leaseName(long peer, long incarnation) {
        return "replica-" + peer + "#" + incarnation;
    }

    @Override
    public void run() {
        long failingSince = 0;
        while (!stopped() && !group.isClosed()) {
            try {
                ReplicateRequest request;
                // The limit first, then the copy: a page queued after the limit was computed lies at or beyond it.
                boolean acknowledgedOnly = transfer && !promotionWanted;
                long limit = acknowledgedOnly ? group.acknowledged() : group.handedOver();
                Copy c = copy.get();
                CompletableFuture<Void> barrier = visible.get();
                if (mode == StreamMode.PROBING) {
                    request = request(List.of(), false).build();
                } else if (barrier != null) {
                    request = request(List.of(), true).build();
                } else if (c != null && acked >= c.position()) {
                    request = request(List.of(), false)
                            .setCopied(ByteString.copyFrom(c.encodedPoints())).build();
                } else {
                    // A transfer target gets only acknowledged records (see ReplicationGroup#acknowledged) until
                    // it is to be promoted: then it must catch up with every record logged.
                    Batch batch = nextBatch(Math.min(c == null ? Long.MAX_VALUE : c.position(), limit));
                    if (batch == null) {
                        fail("the primary's log no longer holds the records after " + acked);
                        return;
                    }
                    if (batch.records().isEmpty()) {
                        group.awaitRecords(acked, acknowledgedOnly, c != null ? 50 : 1000);
                        continue;
                    }
                    request = request(batch.records(), batch.waitVisible()).build();
                }
                ReplicateResponse r = group.context.transport().call(uri, PeerRpcs.REPLICATE, request);
                failingSince = 0;
                lastError = null;
                group.context.counters().recordsSent(request.getRecordsCount());
                if (!accept(r)) {
                    return;
                }
                if (barrier != null && request.getWaitVisible() && request.getRecordsCount() == 0) {
                    visible.compareAndSet(barrier, null);
                    barrier.complete(null);
                }
                if (!request.getCopied().isEmpty() && r.getOutcome() == ReplicateResponse.Outcome.APPLIED) {
                    copy.compareAndSet(c, null);
                    c.done().complete(new LogPosition(r.getLastSeq(), r.getLastRecordTerm()));
                }
            } catch (PeerUnreachableException | AtollException | IOException e) {
                lastError = e.getMessage();
                long now = System.nanoTime();
                failingSince = failingSince == 0 ? now : failingSince;
                if ((!transfer || inSync) && now - failingSince > group.context.timeout().toNanos()) {
                    markDead(e.getMessage());
                    return;
                }
                // A transfer target nobody waits for is tried again until it answers or its transfer ends.
                sleep(transfer && !inSync ? 500 : 100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A batch to send: its records, and whether a client waits until the last of them is visible. */
    private record Batch(List<LoggedOp> records, boolean waitVisible) {
    }

    /**
     * The records after {@code acked} up to {@code upTo}: from memory when it holds them, else from the log; empty
     * when there are none yet, null when the log no longer holds them.
     */
    private Batch nextBatch(long upTo) throws IOException {
        int max = (int) Math.min(MAX_BATCH, upTo - acked);
        if (max <= 0) {
            return new Batch(List.of(), false);
        }
        List<ReplicationGroup.Pending> fromMemory = group.pendingAfter(acked, max);
        if (fromMemory != null) {
            mode = transfer ? StreamMode.FORWARDING : StreamMode.FOLLOWING;
            cursor = null;
            return new Batch(fromMemory.stream().map(ReplicationGroup.Pending::op).toList(),
                    fromMemory.stream().anyMatch(ReplicationGroup.Pending::waited));
        }
        mode = transfer ? StreamMode.FORWARDING : StreamMode.CATCHING_UP;
        if (cursor == null || cursor.position() != acked) {
            cursor = group.local.cursorAfter(acked);
        }
        List<LoggedOp> fromLog = cursor.next(max, MAX_BATCH_BYTES);
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
                    if (r.getIncomplete() && transfer && beginAt == null) {
                        fail("the replica began as a transfer target and holds only part of the shard");
                        return false;
                    }
                    String divergence = group.local.divergenceOf(r.getLastSeq(), r.getLastRecordTerm());
                    if (divergence != null) {
                        fail("the replica does not follow the primary's log: " + divergence);
                        return false;
                    }
                    mode = transfer ? StreamMode.FORWARDING : StreamMode.CATCHING_UP;
                }
                // A replica that reports a gap holds a prefix of the log: send on from its end.
                acked = r.getLastSeq();
                group.local.retainLog(lease(), acked);
                group.progressed();
                return true;
            }
            default -> throw new IllegalStateException("unknown outcome " + r.getOutcome());
        }
    }

    private ReplicateRequest.Builder request(List<LoggedOp> records, boolean waitVisible) {
        ReplicateRequest.Builder b = ReplicateRequest.newBuilder().setCollection(group.id.collection())
                .setShard(group.id.shard()).setTerm(group.term).setIncarnation(incarnation)
                .setWaitVisible(waitVisible).setMetadataIndex(group.context.metadataIndex());
        if (mode == StreamMode.PROBING && beginAt != null) {
            b.setBeginAt(LogPoint.newBuilder().setSeq(beginAt.seq()).setTerm(beginAt.term()));
        }
        for (LoggedOp op : records) {
            b.addRecords(WalRecord.newBuilder().setSeq(op.seq()).setTerm(op.term())
                    .setOperation(ByteString.copyFrom(op.body())));
        }
        return b;
    }

    /**
     * The replica cannot be served from this log. A transfer stream fails its transfer, which starts again by
     * another method; a replica nobody transfers to is marked Dead.
     */
    private void fail(String why) {
        if (transfer && !inSync) {
            LOG.warn("shard {}: the transfer to peer {} (incarnation {}) cannot go on: {}", group.id, peer,
                    incarnation, why);
            failure = why;
            stop();
            group.progressed();
        } else {
            markDead(why);
        }
    }

    /** Retries until the record commits, this stream is stopped, or the shard moved to another term. */
    private void markDead(String why) {
        LOG.warn("shard {}: marking the replica on peer {} (incarnation {}) Dead: {}", group.id, peer, incarnation, why);
        failure = why;
        keepLease = true;
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
