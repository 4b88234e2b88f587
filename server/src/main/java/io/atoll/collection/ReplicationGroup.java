package io.atoll.collection;

import io.atoll.cluster.meta.PeerInfo;
import io.atoll.cluster.meta.ReplicaState;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.error.AtollException;
import io.atoll.shard.LocalShard;
import io.atoll.shard.LoggedOp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * The primary side of one shard's replication in one term: a {@link ReplicaStream} per replica that receives
 * writes, and the rule for acknowledging: a write is acknowledged once every in-sync replica has applied it or
 * has been marked Dead through Raft. Records not yet applied everywhere are kept in memory; a stream that needs
 * older ones reads them from the WAL.
 */
final class ReplicationGroup implements AutoCloseable {
    private static final int MAX_BATCH = 512;

    final String collection;
    final int shard;
    final long term;
    final LocalShard local;
    final ClusterContext cluster;
    private final ConcurrentSkipListMap<Long, LoggedOp> pending = new ConcurrentSkipListMap<>();
    private final Map<Long, ReplicaStream> streams = new HashMap<>();
    /** The last record logged in this term; guarded by this. */
    private long lastLogged;
    private boolean deposed;
    private boolean closed;

    ReplicationGroup(String collection, int shard, long term, LocalShard local, ClusterContext cluster) {
        this.collection = collection;
        this.shard = shard;
        this.term = term;
        this.local = local;
        this.cluster = cluster;
    }

    /** Starts, updates and stops streams to match the shard's replicas in the metadata. */
    synchronized void update(ShardInfo info, Map<Long, PeerInfo> peers) {
        for (Map.Entry<Long, ReplicaState> e : info.replicas().entrySet()) {
            long peer = e.getKey();
            if (peer == cluster.self() || !e.getValue().receivesWrites() || !peers.containsKey(peer)) {
                continue;
            }
            ReplicaStream s = streams.get(peer);
            if (s == null || s.stopped()) {
                s = new ReplicaStream(this, peer, peers.get(peer).uri());
                streams.put(peer, s);
                Thread.ofVirtual().name("replicate-" + collection + "-" + shard + "-" + peer).start(s);
            }
            s.setInSync(e.getValue().isInSync());
        }
        for (Map.Entry<Long, ReplicaStream> e : new ArrayList<>(streams.entrySet())) {
            ReplicaState st = info.replicas().get(e.getKey());
            if (st == null || !st.receivesWrites()) {
                e.getValue().stop();
                streams.remove(e.getKey());
            }
        }
        notifyAll();
    }

    /**
     * Called under the shard's write lock with each logged record, in order. Lock order: the shard's write lock,
     * then this group's monitor; nothing holding the monitor may take the write lock.
     */
    void logged(LoggedOp op) {
        synchronized (this) {
            lastLogged = op.seq();
            if (!streams.isEmpty()) {
                pending.put(op.seq(), op);
            }
            notifyAll();
        }
    }

    /**
     * The next records after {@code acked}, at most a batch; empty when there are none yet; null when the log no
     * longer holds them.
     */
    List<LoggedOp> recordsAfter(long acked) throws IOException {
        LoggedOp next = pending.get(acked + 1);
        if (next != null) {
            List<LoggedOp> out = new ArrayList<>();
            for (LoggedOp op : pending.tailMap(acked + 1).values()) {
                if (out.size() == MAX_BATCH || op.seq() != acked + 1 + out.size()) {
                    break;
                }
                out.add(op);
            }
            return out;
        }
        if (local.lastSeq() <= acked) {
            return List.of();
        }
        List<LoggedOp> fromLog = local.recordsAfter(acked);
        return fromLog == null ? null : fromLog.subList(0, Math.min(MAX_BATCH, fromLog.size()));
    }

    /** Waits up to {@code timeout} for records after {@code acked}. */
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

    /** A stream's replica moved on; wakes writers and drops records every stream has. */
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
                throw AtollException.unavailable("this node stopped being the primary of shard "
                        + shard + " of " + collection + " while writing; the write may or may not be applied");
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
                throw AtollException.unavailable("shard " + shard + " of " + collection
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
