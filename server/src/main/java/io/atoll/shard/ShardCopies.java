package io.atoll.shard;

import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.shard.engine.ShardEngine;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's side of shard transfers ({@link LocalShard#copies()}): as a target, where its log begins, the points
 * copied into it and whether it holds them all; as a source, pages of points to copy and snapshots of its index.
 * Each step takes the shard's write lock, so it sits at one point of the shard's record order.
 */
public final class ShardCopies {
    private static final Logger LOG = LoggerFactory.getLogger(ShardCopies.class);

    private final String collection;
    private final int shardId;
    private final ShardLog log;
    private final ShardEngine engine;
    private final ReentrantLock writeLock;
    /** Whether the replica was closed (LocalShard says what that means for a request). */
    private final BooleanSupplier closed;

    ShardCopies(String collection, int shardId, ShardLog log, ShardEngine engine, ReentrantLock writeLock,
                BooleanSupplier closed) {
        this.collection = collection;
        this.shardId = shardId;
        this.log = log;
        this.engine = engine;
        this.writeLock = writeLock;
        this.closed = closed;
    }

    /**
     * A transfer target that holds nothing starts its log at its transfer's cutoff: the records after it arrive
     * from the primary's log, the points before it as copies. Kept across restarts. A replica that holds records
     * keeps its log (a transfer resuming after a restart). Returns where the log stands.
     */
    public LogPosition beginAt(LogPosition base) {
        writeLock.lock();
        try {
            if (log.beginAt(base)) {
                LOG.info("shard {}/{}: log begins after the transfer's cutoff {}", collection, shardId, base);
            }
            return log.last();
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
        return log.incomplete();
    }

    /** The replica is in sync: it holds every point its log does not. */
    public void markComplete() {
        if (!log.incomplete()) {
            return;
        }
        writeLock.lock();
        try {
            log.markComplete();
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
    public CopyPage copyPage(PointId from, int limit, Filter scope, Predicate<PointId> select,
                             Consumer<CopyPage> queue) throws IOException {
        writeLock.lock();
        try {
            engine.refresh();
            ScrollPage page = engine.scroll(new ScrollQuery(scope, from, limit, PayloadSelector.ALL,
                    VectorSelector.ALL));
            // Only the points the transfer selects (a resharding moves those that hash elsewhere, a promotion
            // those of its tenant); a page may then be empty with more to come.
            CopyPage copy = new CopyPage(page.points().stream().filter(p -> select.test(p.id())).toList(),
                    page.nextOffset(), log.last());
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
            if (closed.getAsBoolean()) {
                throw AtollException.unavailable("the replica of shard " + shardId + " of " + collection
                        + " on this peer was closed (dropped or replaced); nothing was copied");
            }
            if (!log.fence(primaryTerm)) {
                return new Replicated(ReplicationOutcome.STALE_TERM, log.term(), log.last(), 0);
            }
            engine.applyCopies(points);
            reached = log.last();
        } catch (IOException e) {
            log.failed(e);
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
            if (closed.getAsBoolean()) {
                throw closedWhileDurable();
            }
            log.failed(e);
            throw AtollException.internal("could not make the copy into shard " + shardId + " of " + collection
                    + " durable: " + e.getMessage(), e);
        } catch (IllegalStateException e) { // Lucene's AlreadyClosedException among them
            throw closed.getAsBoolean() ? closedWhileDurable() : e;
        }
        return new Replicated(ReplicationOutcome.APPLIED, primaryTerm, reached, 0);
    }

    private AtollException closedWhileDurable() {
        return AtollException.unavailable("the replica of shard " + shardId + " of " + collection
                + " on this peer was closed (dropped or replaced) while the copy was made durable");
    }

    /**
     * A snapshot of this replica (see {@link ShardSnapshot}), with the log after it kept for {@code holder}. The
     * index is committed once before the write lock is taken, so that the commit under it, which must cover
     * exactly the last record, has little left to write while writes wait.
     */
    public ShardSnapshot snapshot(String holder) throws IOException {
        return take(holder);
    }

    /**
     * A snapshot of this replica for a backup: the same point-in-time copy, but no log is kept after it, since no
     * target will catch up from there.
     */
    public ShardSnapshot pointInTime() throws IOException {
        return take(null);
    }

    private ShardSnapshot take(String holder) throws IOException {
        engine.commit();
        writeLock.lock();
        try {
            ShardSnapshot snapshot = new ShardSnapshot(log.last(), engine.snapshot());
            if (holder != null) {
                log.retain(holder, log.last().seq());
            }
            return snapshot;
        } finally {
            writeLock.unlock();
        }
    }
}
