package io.atoll.replication;

import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.error.AtollException;
import io.atoll.shard.LocalShard;
import io.atoll.shard.LogPosition;
import io.atoll.shard.LoggedOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The primary side of one shard's replication in one term: a {@link ReplicaStream} per replica it sends records
 * to, and the rule for acknowledging: a write is acknowledged once every in-sync replica has applied it or has
 * been marked Dead through Raft. Replicas that follow the primary's log (Active, Initializing, Listener, ...) get
 * a stream as soon as the metadata places them; a transfer target holds only part of the log and gets one only
 * when its transfer's driver opens it ({@link #openTransfer}). Records logged since the streams started are kept in
 * memory until every stream has them; a stream that needs older ones reads them from the log.
 *
 * <p>Thread-safety: the monitor guards the streams and wakes waiters; lock order is the shard's write lock, then
 * this monitor (records are handed over under the write lock), and nothing holding the monitor takes the write lock.
 */
final class ReplicationGroup implements AutoCloseable {
    /** A logged record, and whether the client that wrote it waits until it is visible to searches. */
    record Pending(LoggedOp op, boolean waited) {
    }

    final ReplicaId id;
    final long term;
    final LocalShard local;
    final ReplicationContext context;
    private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final Map<Long, ReplicaStream> streams = new HashMap<>();
    /**
     * The last record handed to this group: logged before it started, or logged in its term and handed over by
     * {@link #logged}; guarded by this. A record after it may be logged but not yet handed over, with its
     * client's wait flag: streams read only up to here, so they never send such a record without its flag.
     */
    private long lastLogged;
    private boolean deposed;
    private boolean closed;
    /** Primary writes between {@link #enterWrite} and {@link #exitWrite}; guarded by this. */
    private int inflight;
    /** Set while this primary hands the shard over: new writes wait; guarded by this. */
    private boolean handingOff;

    ReplicationGroup(ReplicaId id, long term, LocalShard local, ReplicationContext context) {
        this.id = id;
        this.term = term;
        this.local = local;
        this.context = context;
        this.lastLogged = local.cutoff().seq();
    }

    /**
     * Starts, updates and stops streams to match the shard's replicas in the metadata. A replica that follows the
     * primary's log gets a stream at once; a transfer target keeps the one its transfer opened (a target that
     * became Active keeps it too, now as a replica that follows the log).
     */
    synchronized void update(ShardInfo info, Map<Long, PeerInfo> peers) {
        for (Map.Entry<Long, Replica> e : info.replicas().entrySet()) {
            long peer = e.getKey();
            Replica replica = e.getValue();
            PeerInfo where = peers.get(peer);
            ReplicaStream s = streams.get(peer);
            boolean follows = replica.state().followsPrimaryLog();
            boolean sameStream = s != null && !s.stopped() && s.incarnation() == replica.incarnation();
            boolean wanted = peer != context.self() && where != null
                    && (follows || sameStream && s.isTransfer() && isTransferTarget(info, peer, replica));
            if (s != null && (!wanted || !sameStream)) {
                // A replica that went Dead keeps what it lacks in the log for a while: it is recovered from there.
                s.stop(replica.state() == ReplicaState.DEAD);
                streams.remove(peer);
                s = null;
            }
            if (wanted && s == null) {
                s = ReplicaStream.following(this, peer, replica.incarnation(), where.uri());
                start(peer, s);
            }
            if (s != null) {
                if (follows) {
                    s.endTransfer();
                }
                s.setInSync(replica.state().isInSync());
            }
        }
        streams.keySet().removeIf(peer -> {
            if (info.replicas().containsKey(peer)) {
                return false;
            }
            streams.get(peer).stop();
            return true;
        });
        notifyAll();
    }

    private static boolean isTransferTarget(ShardInfo info, long peer, Replica replica) {
        ShardTransfer t = info.transferTo(peer);
        return t != null && t.toIncarnation() == replica.incarnation();
    }

    private void start(long peer, ReplicaStream s) {
        streams.put(peer, s);
        Thread.ofVirtual().name("replicate-" + id + "-to-" + peer).start(s);
    }

    /**
     * Opens the stream that fills a transfer target (replacing any stream to that peer). With {@code fromCutoff},
     * the cutoff is taken now and the stream sends every record after it: forwarding starts at the same moment
     * as the cutoff, so every write is either in the copy the transfer reads afterwards or forwarded (or both,
     * which versions make harmless). Without it, the target keeps its log and is sent what it lacks (wal_delta).
     */
    TransferLink openTransfer(long peer, long incarnation, String uri, boolean fromCutoff) {
        // The cutoff is taken before the monitor (lock order: the write lock, then the monitor). The stream sends
        // every record after it whenever it starts, from memory or from the log, which the lease keeps.
        LogPosition cutoff = fromCutoff ? local.cutoff() : null;
        synchronized (this) {
            if (closed || deposed) {
                throw AtollException.notPrimary("shard " + id + " is no longer led in term " + term);
            }
            ReplicaStream old = streams.get(peer);
            if (old != null && !old.stopped() && !old.isTransfer()) {
                // A driver acting on an older image must not turn an in-sync replica's stream into a transfer's.
                throw AtollException.unavailable("the replica of shard " + id + " on peer " + peer
                        + " follows the log: it is no transfer target");
            }
            if (old != null) {
                streams.remove(peer);
                old.stop();
            }
            if (cutoff != null) {
                local.retainLog(ReplicaStream.leaseName(peer, incarnation), cutoff.seq());
            }
            ReplicaStream s = ReplicaStream.transfer(this, peer, incarnation, uri, cutoff);
            start(peer, s);
            return new TransferLink(this, s);
        }
    }

    /**
     * From now on {@code s} counts for acknowledgements, and it is promoted once it holds every record handed
     * over so far (see {@link #progressed}).
     */
    synchronized void requestPromotion(ReplicaStream s) {
        s.requestPromotion(lastLogged);
        progressed();
    }

    /**
     * Stops a transfer's stream, unless the target was promoted (its transfer finished, or is finishing: the
     * metadata that makes it Active may commit before this node follows it, and from then on writes must wait for
     * it) or became a replica that follows the log meanwhile. A promoted stream whose transfer did not finish is
     * stopped by the next {@link #update}.
     */
    synchronized void closeTransfer(ReplicaStream s) {
        if (s.isTransfer() && !s.promoted()) {
            s.stop();
            streams.values().remove(s);
        }
        notifyAll();
    }

    /** Wakes streams waiting for records (a copy is ready to send). */
    synchronized void wake() {
        notifyAll();
    }

    /**
     * Called under the shard's write lock with each logged record, in order. Lock order: the shard's write lock,
     * then this group's monitor.
     */
    void logged(LoggedOp op, boolean waited) {
        synchronized (this) {
            lastLogged = op.seq();
            if (!streams.isEmpty()) {
                pending.put(op.seq(), new Pending(op, waited));
            }
            notifyAll();
        }
    }

    /**
     * The records after {@code acked} held in memory, at most {@code max}; null when memory does not hold the next
     * one (it was logged before the streams started: read it from the log).
     */
    List<Pending> pendingAfter(long acked, int max) {
        if (pending.get(acked + 1) == null) {
            return null;
        }
        List<Pending> out = new ArrayList<>();
        for (Pending p : pending.tailMap(acked + 1).values()) {
            if (out.size() == max || p.op().seq() != acked + 1 + out.size()) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** The last record streams may send (see {@link #lastLogged}). */
    synchronized long handedOver() {
        return lastLogged;
    }

    /**
     * The last record every in-sync replica holds: every record up to it is acknowledged or about to be, and a
     * new primary after a failover holds it. A transfer target is sent nothing after it (until it is about to
     * be promoted), so it never holds a record a failover could take back, and its transfer can resume from its
     * checkpoint under the next primary instead of starting again.
     */
    synchronized long acknowledged() {
        long min = lastLogged;
        for (ReplicaStream s : streams.values()) {
            if (s.inSync() && !s.stopped()) {
                min = Math.min(min, s.acked());
            }
        }
        return min;
    }

    /**
     * Waits up to {@code timeoutMillis} for a record after {@code acked}: any record handed over, or with
     * {@code acknowledgedOnly}, one every in-sync replica holds.
     */
    void awaitRecords(long acked, boolean acknowledgedOnly, long timeoutMillis) throws InterruptedException {
        synchronized (this) {
            if (!closed && (acknowledgedOnly ? acknowledged() : lastLogged) <= acked) {
                wait(timeoutMillis);
            }
        }
    }

    /**
     * A stream's replica moved on: promotes transfer targets that caught up, wakes writers and drops the records
     * every stream has. A target counts for acknowledgements from the moment its promotion is asked for (on this
     * monitor, which {@link #logged} takes to hand over each record before its writer waits), so every record
     * handed over later waits for it; it is promoted once it holds every record handed over before that moment.
     * Then every acknowledged write is on it.
     */
    synchronized void progressed() {
        long min = Long.MAX_VALUE;
        for (ReplicaStream s : streams.values()) {
            if (!s.stopped()) {
                if (s.promotionWanted() && s.acked() >= s.promoteAt()) {
                    s.promote();
                }
                min = Math.min(min, s.acked());
            }
        }
        if (min == Long.MAX_VALUE) {
            pending.clear();
        } else if (min >= 0) {
            pending.headMap(min, true).clear();
        }
        notifyAll();
    }

    /**
     * Whether the replica on {@code peer} follows this primary: it is in sync and has not been marked Dead, so every
     * write acknowledged in this term is on it.
     */
    synchronized boolean follows(long peer) {
        ReplicaStream s = streams.get(peer);
        return s != null && s.inSync() && !s.stopped();
    }

    /** The mode of the stream to {@code peer}, null when there is none (for tests and diagnostics). */
    synchronized StreamMode modeOf(long peer) {
        ReplicaStream s = streams.get(peer);
        return s == null ? null : s.mode();
    }

    /** A replica knows a newer term: this node is no longer the primary, and waiting writers must not succeed. */
    synchronized void deposed() {
        deposed = true;
        notifyAll();
    }

    /**
     * Returns once every in-sync replica has applied {@code seq} or left the in-sync set through Raft. Fails when
     * this node stops being primary or the wait outlasts {@code timeout}: the write's outcome is then unknown.
     */
    synchronized void awaitReplicated(long seq, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (deposed || closed) {
                throw AtollException.unavailable("this node stopped being the primary of shard " + id.shard() + " of "
                        + id.collection() + " while writing; the write may or may not be applied");
            }
            boolean done = true;
            for (ReplicaStream s : streams.values()) {
                if (s.inSync() && !s.stopped() && s.acked() < seq) {
                    done = false;
                    break;
                }
            }
            if (done) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw AtollException.unavailable("shard " + id.shard() + " of " + id.collection()
                        + " could not replicate the write in time; it may or may not be applied");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while replicating");
            }
        }
    }

    /**
     * Entered by every primary write before it logs anything. While the shard is being handed over it waits, and
     * once the handover commits (this group closes) it fails with NOT_PRIMARY, which writers take as "try the new
     * primary": the write was never logged here.
     */
    synchronized void enterWrite() {
        while (handingOff && !closed && !deposed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AtollException.unavailable("interrupted while the shard was handed over");
            }
        }
        if (closed || deposed) {
            throw AtollException.notPrimary("shard " + id.shard() + " of collection `" + id.collection()
                    + "` has a new primary");
        }
        inflight++;
    }

    synchronized void exitWrite() {
        inflight--;
        notifyAll();
    }

    /**
     * Stops new writes and waits until every write in flight is acknowledged, so the shard can change primary
     * without failing one. False (and writes go on) when that takes longer than {@code timeoutNanos}.
     */
    synchronized boolean beginHandoff(long timeoutNanos) {
        handingOff = true;
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (inflight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    endHandoff();
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endHandoff();
            return false;
        }
    }

    /** The handover did not happen: writes go on here. */
    synchronized void endHandoff() {
        handingOff = false;
        notifyAll();
    }

    synchronized boolean isLive() {
        return !closed && !deposed;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        streams.values().forEach(ReplicaStream::stop);
        streams.clear();
        pending.clear();
        notifyAll();
    }
}
