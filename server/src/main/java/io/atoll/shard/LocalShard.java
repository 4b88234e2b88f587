package io.atoll.shard;

import io.atoll.codec.OperationCodec;
import io.atoll.error.AtollException;
import io.atoll.operation.ShardOperation;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.engine.LuceneShardEngine;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 * <p>On open, {@link ShardRecovery} replays the WAL records after the engine's last commit.
 *
 * <p>Every record keeps the term in which its primary created it, on every replica. As in Raft, one primary
 * creates at most one record per sequence number in its term, and replicas take records only in order, so two
 * logs whose records at the same sequence number have the same term hold the same records up to there: that is
 * how a new primary tells a replica that follows it from one holding records of a deposed primary.
 */
public final class LocalShard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalShard.class);

    private final String collection;
    private final int shardId;
    private final ShardLog log;
    private final ShardEngine engine;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ShardCopies copies;
    /**
     * Set by {@link #close()} under the write lock (the replica was dropped, moved away or replaced). A write that
     * finds it set wrote nothing and may go to the shard's new primary; one that meets it while waiting to be
     * durable was logged and applied here, so its outcome is unknown to this replica.
     */
    private volatile boolean closed;

    private LocalShard(String collection, int shardId, ShardLog log, ShardEngine engine) {
        this.collection = collection;
        this.shardId = shardId;
        this.log = log;
        this.engine = engine;
        this.copies = new ShardCopies(collection, shardId, log, engine, writeLock, () -> closed);
    }

    public static LocalShard open(String collection, int shardId, Path dir, CollectionParams params,
                                  ShardSettings settings, ExecutorService indexingPool) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir.resolve("wal"), settings.walSegmentBytes(), settings.fsync());
        ShardEngine engine = null;
        try {
            engine = new LuceneShardEngine(dir.resolve("index"), params, indexingPool, settings.minRefreshIntervalMillis());
            return new LocalShard(collection, shardId, new ShardLog(dir, wal, settings,
                    ShardRecovery.recover(collection, shardId, dir, wal, engine)), engine);
        } catch (IOException | RuntimeException e) {
            try {
                if (engine != null) {
                    engine.close();
                }
            } finally {
                wal.close();
            }
            throw e;
        }
    }

    private void storageFailed(IOException e) {
        log.failed(e);
    }

    /**
     * Why this replica's storage failed since it was opened (a full disk, an fsync error), or null: its log does
     * not trust itself again until the replica is reopened.
     */
    public String storageFailure() {
        return log.failure();
    }

    public int shardId() {
        return shardId;
    }

    public ShardEngine engine() {
        return engine;
    }

    /** This replica's side of transfers: filling it as a target, and reading copies from it as a source. */
    /**
     * Runs {@code change} under the write lock: a write either planned, logged and handed over before it, or
     * after it, never across it (a primary swaps what its writes are admitted and forwarded by this way).
     */
    public void underWriteLock(Runnable change) {
        writeLock.lock();
        try {
            change.run();
        } finally {
            writeLock.unlock();
        }
    }

    public ShardCopies copies() {
        return copies;
    }

    /**
     * Plans, logs and applies one operation and waits until it is durable (and visible, with {@code wait}).
     * Returns its sequence number, or 0 when the plan found nothing to do.
     */
    public long write(OperationPlan plan, boolean wait) {
        return write(plan, wait, 0, null);
    }

    /**
     * {@link #write(OperationPlan, boolean)} by the primary of {@code primaryTerm} (any term when 0), which also
     * hands each logged record to {@code logged} (when not null) under the write lock, so a primary's replication
     * sees records in sequence order. Refused when the shard has moved to another term meanwhile: a primary
     * deposed between its check and its write must not log a record under its successor's term, where the
     * successor's record at the same seq would look identical to it.
     */
    public long write(OperationPlan plan, boolean wait, long primaryTerm, Consumer<LoggedOp> logged) {
        long seq;
        writeLock.lock();
        try {
            if (closed) {
                // nothing was written: the coordinator follows the shard to its primary, as for a deposed one
                throw AtollException.notPrimary("the replica of shard " + shardId + " of " + collection
                        + " on this peer was closed (moved, dropped or replaced); nothing was written");
            }
            long term = log.term();
            if (primaryTerm != 0 && term != primaryTerm) {
                throw AtollException.notPrimary("shard " + shardId + " of " + collection + " is in term " + term
                        + ", not " + primaryTerm + ": its primary changed");
            }
            ShardOperation op = plan.plan(engine);
            if (op == null || op.ids().isEmpty()) {
                return 0;
            }
            op = op.stamped(engine.params());
            seq = log.last().seq() + 1;
            byte[] body = OperationCodec.encode(op);
            log.append(seq, term, body);
            engine.apply(seq, op);
            if (logged != null) {
                logged.accept(new LoggedOp(seq, term, body));
            }
        } catch (IOException e) {
            storageFailed(e);
            LOG.error("write to shard {}/{} failed", collection, shardId, e);
            throw AtollException.internal("write to shard " + shardId + " of " + collection + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(seq, wait);
        return seq;
    }

    /**
     * The replica side of the write path: logs and applies an operation with the sequence number and term its
     * primary gave it, and returns once it is durable. Operations arrive in sequence order: a repeat is
     * acknowledged (and applied again, harmlessly), a gap is refused, and so is anything from an older term.
     */
    public ReplicationOutcome applyReplicated(long primaryTerm, long seq, ShardOperation op) {
        return applyReplicated(primaryTerm, List.of(new LoggedOp(seq, primaryTerm, OperationCodec.encode(op))), false)
                .outcome();
    }

    /**
     * Applies a primary's records in order, as {@link #applyReplicated(long, long, ShardOperation)} does one, with
     * a single fsync for the batch. An empty batch is a probe: it fences this replica at {@code primaryTerm}
     * (older primaries are refused from then on) and reports how far it is. The first refused record stops
     * the batch; what came before it stays applied.
     */
    public Replicated applyReplicated(long primaryTerm, List<LoggedOp> records, boolean waitVisible) {
        ReplicationOutcome outcome = ReplicationOutcome.APPLIED;
        LogPosition reached;
        int appended = 0;
        writeLock.lock();
        try {
            if (closed) {
                throw AtollException.unavailable("the replica of shard " + shardId + " of " + collection
                        + " on this peer was closed (moved, dropped or replaced); nothing was applied");
            }
            Replicated stale = adoptTerm(primaryTerm);
            if (stale != null) {
                return stale;
            }
            for (LoggedOp r : records) {
                long lastSeq = log.last().seq();
                if (r.seq() > lastSeq + 1) {
                    outcome = ReplicationOutcome.GAP;
                    break;
                }
                ShardOperation op = OperationCodec.decode(r.body());
                if (r.seq() <= lastSeq) {
                    engine.apply(r.seq(), op);
                    outcome = ReplicationOutcome.DUPLICATE;
                } else {
                    log.append(r.seq(), r.term(), r.body());
                    engine.apply(r.seq(), op);
                    appended++;
                }
            }
            reached = log.last();
        } catch (IOException e) {
            storageFailed(e);
            LOG.error("replicated write to shard {}/{} failed in term {}", collection, shardId, primaryTerm, e);
            throw AtollException.internal("replicated write to shard " + shardId + " of " + collection + " failed: "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(reached.seq(), waitVisible);
        return new Replicated(outcome, primaryTerm, reached, appended);
    }

    /**
     * Why a replica whose last record is {@code seq} from term {@code recordTerm} cannot follow this replica as
     * its primary, or null when it can: its log must be a prefix of this one. A replica ahead of this log, or
     * whose record at {@code seq} is from another term (written by a primary this one never followed), holds
     * records this primary does not have; so does one whose record this log can no longer compare.
     */
    public String divergenceOf(long seq, long recordTerm) {
        writeLock.lock();
        try {
            return log.divergenceOf(seq, recordTerm);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Where the copy of a transfer starts: the last record, taken under the write lock so that the engine holds
     * every record up to it.
     */
    public LogPosition cutoff() {
        writeLock.lock();
        try {
            return log.last();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Keeps the log records after {@code afterSeq} for {@code holder} until released, or until the retention age
     * passes without a renewal (see {@link RetentionLeases}).
     */
    public void retainLog(String holder, long afterSeq) {
        log.retain(holder, afterSeq);
    }

    public void releaseLog(String holder) {
        log.release(holder);
    }

    /** How far this replica's log is: its last sequence number and the term that record was created in. */
    public LogPosition position() {
        return log.last();
    }

    /** Returns once every record up to {@code seq} is on stable storage and, with {@code visible}, searchable. */
    private void awaitDurable(long seq, boolean visible) {
        try {
            log.sync(seq);
            if (visible) {
                engine.awaitVisible(seq);
            }
        } catch (IOException e) {
            if (closed) {
                throw closedWhileWaiting(seq, e);
            }
            storageFailed(e);
            LOG.error("sync of shard {}/{} failed at seq {}", collection, shardId, seq, e);
            throw AtollException.internal("could not make the write to shard " + shardId + " of " + collection
                    + " durable: " + e.getMessage(), e);
        } catch (IllegalStateException e) { // Lucene's AlreadyClosedException among them
            throw closed ? closedWhileWaiting(seq, e) : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.internal("interrupted while waiting for the write", e);
        }
    }

    /**
     * Not a storage failure: the log and engine were closed under the wait. The record is in this replica's log
     * and was handed to the other replicas, so it may yet be applied everywhere: the answer says so, as the write
     * coordinator's does for a primary that does not answer in time.
     */
    private AtollException closedWhileWaiting(long seq, Exception cause) {
        LOG.warn("shard {}/{} was closed while the write at seq {} waited to be made durable", collection, shardId,
                seq, cause);
        return AtollException.unavailable("the replica of shard " + shardId + " of " + collection + " on this peer "
                + "was closed (moved, dropped or replaced) while the write at seq " + seq + " waited to be made "
                + "durable; the write may or may not have been applied");
    }

    /** Returns once every record up to {@code seq} is on stable storage. */
    public void awaitDurable(long seq) {
        awaitDurable(seq, false);
    }

    /**
     * A reader of the logged records after {@code seq}, for a replica that missed them; it reports when the log no
     * longer holds them (the replica then needs a transfer).
     */
    public LogCursor cursorAfter(long seq) {
        return log.cursorAfter(seq);
    }

    /**
     * A replica's side of a request from the primary of {@code primaryTerm}: adopts its term, or refuses it (the
     * answer returned) when this replica already knows a newer one. Caller holds the write lock.
     */
    private Replicated adoptTerm(long primaryTerm) {
        return log.fence(primaryTerm) ? null : new Replicated(ReplicationOutcome.STALE_TERM, log.term(), log.last(), 0);
    }

    /** Adopts a newer primary term (this replica became primary, or learnt of a new one). Terms never go back. */
    public void advanceTerm(long newTerm) {
        writeLock.lock();
        try {
            log.advanceTerm(newTerm);
        } finally {
            writeLock.unlock();
        }
    }

    public long term() {
        return log.term();
    }

    /**
     * Commits the index and drops the WAL segments the commit covers, keeping a few for catching up replicas and
     * whatever a retention lease still needs.
     */
    public void flush() throws IOException {
        long committed;
        try {
            committed = engine.commit();
        } catch (IOException e) {
            storageFailed(e);
            throw e;
        }
        log.trim(committed);
    }

    public void refresh() throws IOException {
        engine.refresh();
    }

    /** Merges the index's segments once no write came for {@code idleNanos} ({@link ShardEngine#settle}). */
    public boolean settle(long idleNanos) throws IOException {
        return engine.settle(idleNanos);
    }

    /** Refreshes only when something applied is not visible yet: an idle shard makes no new segment. */
    public void refreshIfBehind() throws IOException {
        if (engine.hasInvisibleWrites()) {
            engine.refresh();
        }
    }

    public long lastSeq() {
        return log.last().seq();
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            closed = true;
            try {
                engine.close();
            } finally {
                log.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
