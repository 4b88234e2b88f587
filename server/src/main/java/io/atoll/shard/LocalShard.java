package io.atoll.shard;

import io.atoll.error.AtollException;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.engine.LuceneShardEngine;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard replica on this node: its WAL and its engine, and the write path that ties them together.
 *
 * <p>The write path: under the write lock, plan the operation, give it the next sequence number, append it to
 * the WAL and apply it to the engine; then, outside the lock, wait for the WAL's group commit (the write is
 * durable and may be acknowledged) and, if asked, for a refresh that makes it visible. Holding the lock across
 * append and apply keeps WAL order, sequence order and apply order the same.
 *
 * <p>On open, the engine's last commit says which sequence number it covers; every WAL record after it is
 * applied again (versions make records the commit already holds no-ops).
 */
public final class LocalShard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalShard.class);

    private final String collection;
    private final int shardId;
    private final WriteAheadLog wal;
    private final ShardEngine engine;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final int walRetainSegments;
    /**
     * The highest primary term this replica has seen (from its WAL or from requests). A single node is its own
     * primary in term 0 until the cluster assigns terms.
     */
    private long term;
    private long lastSeq;

    private LocalShard(String collection, int shardId, WriteAheadLog wal, ShardEngine engine, int walRetainSegments) {
        this.collection = collection;
        this.shardId = shardId;
        this.wal = wal;
        this.engine = engine;
        this.walRetainSegments = walRetainSegments;
    }

    public static LocalShard open(String collection, int shardId, Path dir, CollectionParams params,
                                  ShardSettings settings, ExecutorService indexingPool) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir.resolve("wal"), settings.walSegmentBytes(), settings.fsync());
        ShardEngine engine;
        try {
            engine = new LuceneShardEngine(dir.resolve("index"), params, indexingPool, settings.minRefreshIntervalMillis());
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
        LocalShard shard = new LocalShard(collection, shardId, wal, engine, settings.walRetainSegments());
        try {
            shard.recover();
        } catch (IOException | RuntimeException e) {
            shard.close();
            throw e;
        }
        return shard;
    }

    private void recover() throws IOException {
        long from = engine.committedSeq();
        long[] replayed = {0};
        IOException[] failure = {null};
        wal.replay(from, r -> {
            if (failure[0] != null) {
                return;
            }
            try {
                engine.apply(r.seq(), OperationCodec.decode(r.body()));
                replayed[0]++;
            } catch (IOException e) {
                failure[0] = e;
            } catch (RuntimeException e) {
                // It failed when first applied too, and its writer got an error, so its outcome was never
                // promised; refusing to start would make the whole node unavailable for one bad record.
                LOG.error("shard {}/{}: WAL record {} cannot be applied and is skipped", collection, shardId, r.seq(), e);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        lastSeq = Math.max(wal.lastSeq(), engine.appliedSeq());
        term = wal.lastTerm();
        engine.refresh();
        LOG.info("opened shard {}/{}: index commit at seq {}, replayed {} WAL records, last seq {}",
                collection, shardId, from, replayed[0], lastSeq);
    }

    public int shardId() {
        return shardId;
    }

    public ShardEngine engine() {
        return engine;
    }

    /**
     * Plans, logs and applies one operation and waits until it is durable (and visible, with {@code wait}).
     * Returns its sequence number, or 0 when the plan found nothing to do.
     */
    public long write(OperationPlan plan, boolean wait) {
        long seq;
        writeLock.lock();
        try {
            ShardOperation op = plan.plan(engine);
            if (op == null || op.ids().isEmpty()) {
                return 0;
            }
            seq = lastSeq + 1;
            wal.append(seq, term, OperationCodec.encode(op));
            lastSeq = seq;
            engine.apply(seq, op);
        } catch (IOException e) {
            LOG.error("write to shard {}/{} failed", collection, shardId, e);
            throw AtollException.internal("write to shard " + shardId + " of " + collection + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        try {
            wal.sync(seq);
            if (wait) {
                engine.awaitVisible(seq);
            }
        } catch (IOException e) {
            LOG.error("sync of shard {}/{} failed at seq {}", collection, shardId, seq, e);
            throw AtollException.internal("could not make the write durable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.internal("interrupted while waiting for the write", e);
        }
        return seq;
    }

    /**
     * The replica side of the write path: logs and applies an operation with the sequence number and term its
     * primary gave it, and returns once it is durable. Operations arrive in sequence order: a repeat is
     * acknowledged (and applied again, harmlessly), a gap is refused, and so is anything from an older term.
     */
    public ReplicationOutcome applyReplicated(long primaryTerm, long seq, ShardOperation op) {
        ReplicationOutcome outcome;
        writeLock.lock();
        try {
            if (primaryTerm < term) {
                return ReplicationOutcome.STALE_TERM;
            }
            if (seq > lastSeq + 1) {
                return ReplicationOutcome.GAP;
            }
            term = primaryTerm;
            if (seq <= lastSeq) {
                engine.apply(seq, op);
                outcome = ReplicationOutcome.DUPLICATE;
            } else {
                wal.append(seq, primaryTerm, OperationCodec.encode(op));
                lastSeq = seq;
                engine.apply(seq, op);
                outcome = ReplicationOutcome.APPLIED;
            }
        } catch (IOException e) {
            LOG.error("replicated write to shard {}/{} failed at seq {} term {}", collection, shardId, seq, primaryTerm, e);
            throw AtollException.internal("replicated write to shard " + shardId + " of " + collection + " failed: "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        try {
            wal.sync(seq);
        } catch (IOException e) {
            throw AtollException.internal("could not make the replicated write durable: " + e.getMessage(), e);
        }
        return outcome;
    }

    /** Adopts a newer primary term (this replica became primary, or learnt of a new one). Terms never go back. */
    public void advanceTerm(long newTerm) {
        writeLock.lock();
        try {
            term = Math.max(term, newTerm);
        } finally {
            writeLock.unlock();
        }
    }

    public long term() {
        writeLock.lock();
        try {
            return term;
        } finally {
            writeLock.unlock();
        }
    }

    /** Commits the index and drops the WAL segments the commit covers (keeping a few for catching up replicas). */
    public void flush() throws IOException {
        long committed = engine.commit();
        wal.truncateUpTo(committed, walRetainSegments);
    }

    public void refresh() throws IOException {
        engine.refresh();
    }

    public long lastSeq() {
        writeLock.lock();
        try {
            return lastSeq;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            try {
                engine.close();
            } finally {
                wal.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
