package io.atoll.replication;

import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.Replica;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.shard.LocalShard;
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
 * when its transfer registers forwarding from its cutoff. Records logged since the streams started are kept in
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
    /** Transfer targets that receive the records after a position, by peer. */
    private final Map<Long, Long> forwarding = new HashMap<>();
    /** The last record logged in this term; guarded by this. */
    private long lastLogged;
    private boolean deposed;
    private boolean closed;

    ReplicationGroup(ReplicaId id, long term, LocalShard local, ReplicationContext context) {
        this.id = id;
        this.term = term;
        this.local = local;
        this.context = context;
    }

    /** Starts, updates and stops streams to match the shard's replicas in the metadata. */
    synchronized void update(ShardInfo info, Map<Long, PeerInfo> peers) {
        forwarding.keySet().removeIf(peer -> info.state(peer) == null || !info.state(peer).receivesWrites());
        for (Map.Entry<Long, Replica> e : info.replicas().entrySet()) {
            long peer = e.getKey();
            Replica replica = e.getValue();
            PeerInfo where = peers.get(peer);
            ReplicaStream s = streams.get(peer);
            boolean wanted = peer != context.self() && where != null && replica.state().receivesWrites()
                    && (replica.state().followsPrimaryLog() || forwarding.containsKey(peer));
            if (s != null && (!wanted || s.stopped() || s.incarnation() != replica.incarnation())) {
                s.stop();
                streams.remove(peer);
                s = null;
            }
            if (wanted && s == null) {
                Long from = forwarding.get(peer);
                s = from == null ? ReplicaStream.following(this, peer, replica.incarnation(), where.uri())
                        : ReplicaStream.forwarding(this, peer, replica.incarnation(), where.uri(), from);
                streams.put(peer, s);
                Thread.ofVirtual().name("replicate-" + id + "-to-" + peer).start(s);
            }
            if (s != null) {
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

    /**
     * Has the replica on {@code peer} (a transfer target that holds only part of the log) sent every record after
     * {@code afterSeq} from now on; takes effect with the next metadata that places it there.
     */
    synchronized void forwardTo(long peer, long afterSeq) {
        forwarding.put(peer, afterSeq);
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

    /** Waits up to {@code timeoutMillis} for a record after {@code acked}. */
    void awaitRecords(long acked, long timeoutMillis) throws InterruptedException {
        if (local.lastSeq() > acked) {
            return;
        }
        synchronized (this) {
            if (!closed && lastLogged <= acked) {
                wait(timeoutMillis);
            }
        }
    }

    /** A stream's replica moved on: wakes writers and drops the records every stream has. */
    synchronized void progressed() {
        long min = Long.MAX_VALUE;
        for (ReplicaStream s : streams.values()) {
            if (!s.stopped()) {
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
