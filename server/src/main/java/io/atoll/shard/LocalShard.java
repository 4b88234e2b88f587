package io.atoll.shard;

import io.atoll.codec.OperationCodec;
import io.atoll.error.AtollException;
import io.atoll.operation.ShardOperation;
import io.atoll.schema.CollectionParams;
import io.atoll.shard.engine.LuceneShardEngine;
import io.atoll.shard.engine.ShardEngine;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.storage.wal.RetentionLeases;
import io.atoll.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
    private final Path dir;
    private final RetentionLeases leases;
    private final WriteAheadLog wal;
    private final ShardEngine engine;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ShardSettings retention;
    /**
     * The highest primary term this replica has seen (from its WAL or from requests). A single node is its own
     * primary in term 0 until the cluster assigns terms.
     */
    private volatile long term;
    /**
     * The last record and the term it was created in. Both fields are written under the write lock and read
     * without it, so that reads (which ask for them around every query) never wait for a write to apply.
     */
    private volatile LogPosition last;
    private final TermHistory terms;
    /**
     * Why this replica's storage failed (a full disk, an fsync error), null while it works: its log does not
     * trust itself again until the replica is reopened, so a primary steps down and a replica is reopened.
     */
    private volatile String storageFailure;
    /** Began at a transfer's cutoff and not in sync since (see {@link LogBase}); guarded by the write lock. */
    private volatile boolean incomplete;

    private LocalShard(String collection, int shardId, Path dir, WriteAheadLog wal, ShardEngine engine,
                       ShardSettings retention, ShardRecovery.Recovered recovered) {
        this.collection = collection;
        this.shardId = shardId;
        this.dir = dir;
        this.wal = wal;
        this.engine = engine;
        this.retention = retention;
        this.leases = new RetentionLeases(retention.retentionMaxAgeSeconds(), retention.retentionMaxBytes());
        this.terms = recovered.terms();
        this.last = recovered.last();
        this.term = recovered.term();
        this.incomplete = recovered.incomplete();
    }

    public static LocalShard open(String collection, int shardId, Path dir, CollectionParams params,
                                  ShardSettings settings, ExecutorService indexingPool) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir.resolve("wal"), settings.walSegmentBytes(), settings.fsync());
        ShardEngine engine = null;
        try {
            engine = new LuceneShardEngine(dir.resolve("index"), params, indexingPool, settings.minRefreshIntervalMillis());
            return new LocalShard(collection, shardId, dir, wal, engine, settings,
                    ShardRecovery.recover(collection, shardId, dir, wal, engine));
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
        storageFailure = String.valueOf(e.getMessage());
    }

    /** Why this replica's storage failed since it was opened, or null. */
    public String storageFailure() {
        return storageFailure;
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
            if (primaryTerm != 0 && term != primaryTerm) {
                throw AtollException.notPrimary("shard " + shardId + " of " + collection + " is in term " + term
                        + ", not " + primaryTerm + ": its primary changed");
            }
            ShardOperation op = plan.plan(engine);
            if (op == null || op.ids().isEmpty()) {
                return 0;
            }
            seq = last.seq() + 1;
            byte[] body = OperationCodec.encode(op);
            wal.append(seq, term, body);
            terms.note(seq, term);
            last = new LogPosition(seq, term);
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
        writeLock.lock();
        try {
            Replicated stale = adoptTerm(primaryTerm);
            if (stale != null) {
                return stale;
            }
            for (LoggedOp r : records) {
                if (r.seq() > last.seq() + 1) {
                    outcome = ReplicationOutcome.GAP;
                    break;
                }
                ShardOperation op = OperationCodec.decode(r.body());
                if (r.seq() <= last.seq()) {
                    engine.apply(r.seq(), op);
                    outcome = ReplicationOutcome.DUPLICATE;
                } else {
                    wal.append(r.seq(), r.term(), r.body());
                    terms.note(r.seq(), r.term());
                    last = new LogPosition(r.seq(), r.term());
                    engine.apply(r.seq(), op);
                }
            }
            reached = last;
        } catch (IOException e) {
            storageFailed(e);
            LOG.error("replicated write to shard {}/{} failed in term {}", collection, shardId, primaryTerm, e);
            throw AtollException.internal("replicated write to shard " + shardId + " of " + collection + " failed: "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(reached.seq(), waitVisible);
        return new Replicated(outcome, primaryTerm, reached);
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
            return terms.divergenceOf(seq, recordTerm, last.seq());
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
            return last;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A transfer target that holds nothing starts its log at its transfer's cutoff: the records after it arrive
     * from the primary's log, the points before it as copies. Kept across restarts. A replica that holds records
     * keeps its log (a transfer resuming after a restart). Returns where the log stands.
     */
    public LogPosition beginAt(LogPosition base) {
        writeLock.lock();
        try {
            if (last.seq() == 0 && base.seq() > 0) {
                LogBase.write(dir, new LogBase.Stored(base, true));
                incomplete = true;
                terms.note(base.seq(), base.term());
                last = base;
                term = Math.max(term, base.term());
                LOG.info("shard {}/{}: log begins after the transfer's cutoff {}", collection, shardId, base);
            }
            return last;
        } catch (IOException e) {
            throw AtollException.internal("could not record where the log of shard " + shardId + " of "
                    + collection + " begins: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether this replica began at a transfer's cutoff and has not been in sync since: it may lack points from
     * before its log, so it can only be made whole by a copy, never by the records its log lacks.
     */
    public boolean incomplete() {
        return incomplete;
    }

    /** The replica is in sync: it holds every point its log does not. */
    public void markComplete() {
        if (!incomplete) {
            return;
        }
        writeLock.lock();
        try {
            LogBase.markComplete(dir);
            incomplete = false;
        } catch (IOException e) {
            LOG.warn("shard {}/{}: could not record that the replica is complete; it stays marked incomplete",
                    collection, shardId, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The next page of points to copy to a transfer target (those of {@code limit} points in id order from
     * {@code from} that {@code select} selects), read under the write lock after a refresh, and handed
     * to {@code queue} before the lock is released: the page holds exactly the records up to its position, and no
     * later record exists until it is queued, so the stream can send it after the records up to its position and
     * before any later one (a later partial update of a point the target lacked would otherwise be lost).
     */
    public CopyPage copyPage(PointId from, int limit, Predicate<PointId> select, Consumer<CopyPage> queue)
            throws IOException {
        writeLock.lock();
        try {
            engine.refresh();
            ScrollPage page = engine.scroll(new ScrollQuery(Filter.EMPTY, from, limit, PayloadSelector.ALL,
                    VectorSelector.ALL));
            // Only the points the transfer selects (a resharding moves those that hash elsewhere); a page may
            // then be empty with more to come.
            CopyPage copy = new CopyPage(page.points().stream().filter(p -> select.test(p.id())).toList(),
                    page.nextOffset(), last);
            queue.accept(copy);
            return copy;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Applies points copied from the primary, each at its own version (older than what is held: a no-op), then
     * commits the index so that the copy is durable before the primary records a checkpoint after it, and makes
     * it visible.
     */
    public Replicated applyCopied(long primaryTerm, List<ScoredPoint> points) {
        LogPosition reached;
        writeLock.lock();
        try {
            Replicated stale = adoptTerm(primaryTerm);
            if (stale != null) {
                return stale;
            }
            engine.applyCopies(points);
            reached = last;
        } catch (IOException e) {
            storageFailed(e);
            throw AtollException.internal("copy into shard " + shardId + " of " + collection + " failed: "
                    + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        try {
            engine.commit();
            // Visible too: the replica may serve reads as soon as its transfer finishes, before any refresh.
            engine.refresh();
        } catch (IOException e) {
            storageFailed(e);
            throw AtollException.internal("could not make the copy into shard " + shardId + " of " + collection
                    + " durable: " + e.getMessage(), e);
        }
        return new Replicated(ReplicationOutcome.APPLIED, primaryTerm, reached);
    }

    /**
     * A snapshot of this replica (see {@link ShardSnapshot}), with the log after it kept for {@code holder}. The
     * index is committed once before the write lock is taken, so that the commit under it, which must cover
     * exactly the last record, has little left to write while writes wait.
     */
    public ShardSnapshot snapshot(String holder) throws IOException {
        engine.commit();
        writeLock.lock();
        try {
            ShardSnapshot snapshot = new ShardSnapshot(last, engine.snapshot());
            leases.retain(holder, last.seq());
            return snapshot;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Keeps the log records after {@code afterSeq} for {@code holder} until released, or until the retention age
     * passes without a renewal (see {@link RetentionLeases}).
     */
    public void retainLog(String holder, long afterSeq) {
        leases.retain(holder, afterSeq);
    }

    public void releaseLog(String holder) {
        leases.release(holder);
    }

    /** How far this replica's log is: its last sequence number and the term that record was created in. */
    public LogPosition position() {
        return last;
    }

    /** Returns once every record up to {@code seq} is on stable storage and, with {@code visible}, searchable. */
    private void awaitDurable(long seq, boolean visible) {
        try {
            wal.sync(seq);
            if (visible) {
                engine.awaitVisible(seq);
            }
        } catch (IOException e) {
            storageFailed(e);
            LOG.error("sync of shard {}/{} failed at seq {}", collection, shardId, seq, e);
            throw AtollException.internal("could not make the write to shard " + shardId + " of " + collection
                    + " durable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.internal("interrupted while waiting for the write", e);
        }
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
        return new LogCursor(wal.cursor(seq));
    }

    /**
     * A replica's side of a request from the primary of {@code primaryTerm}: adopts its term, or refuses it (the
     * answer returned) when this replica already knows a newer one. Caller holds the write lock.
     */
    private Replicated adoptTerm(long primaryTerm) {
        if (primaryTerm < term) {
            return new Replicated(ReplicationOutcome.STALE_TERM, term, last);
        }
        term = primaryTerm;
        return null;
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
        return term;
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
        wal.truncateUpTo(leases.trimmableUpTo(committed, wal.sizeBytes()), retention.walRetainSegments());
    }

    public void refresh() throws IOException {
        engine.refresh();
    }

    public long lastSeq() {
        return last.seq();
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
