package io.atoll.shard.engine;

import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.OptimizationReport;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import java.io.IOException;
import java.util.List;

/**
 * The index of one shard replica. Writes arrive as sequenced operations and are applied with version checks:
 * a point whose version is at least the operation's sequence number is left alone, so applying an operation
 * twice, or an older one after a newer, changes nothing. Deletes leave tombstones that carry their version.
 *
 * <p>Reads see the state as of the last refresh; {@link #awaitVisible} waits for one that covers a sequence
 * number. Implementations are thread-safe; {@link #apply} calls must come from one writer at a time, in
 * sequence order per point.
 */
public interface ShardEngine extends AutoCloseable {

    void apply(long seq, ShardOperation op) throws IOException;

    /**
     * Applies points copied from another replica of the shard (a transfer), each at the version it has there: a
     * point this engine holds at that version or newer (or deleted later) is left alone.
     */
    void applyCopies(List<ScoredPoint> points) throws IOException;

    /**
     * The highest seq of a logged record whose documents the index may hold, at least {@link #appliedSeq}: a
     * replica's log must not be taken to end below it (ShardRecovery).
     */
    long indexedSeq();

    /** The highest sequence number applied. */
    long appliedSeq();

    /** The sequence number the last durable commit covers; WAL replay starts after it. */
    long committedSeq();

    /** Whether a point exists, including writes not yet visible to searches. */
    boolean exists(PointId id);

    /** Ids of the live points matching a filter, including writes not yet visible to searches. */
    List<PointId> matchingIds(Filter filter) throws IOException;

    /** Returns once the reads see every operation up to {@code seq}. */
    void awaitVisible(long seq) throws IOException, InterruptedException;

    /** Makes everything applied so far visible to reads. */
    void refresh() throws IOException;

    /** Whether something was applied (a write or a copied page) that reads do not see yet. */
    boolean hasInvisibleWrites();

    /** Makes everything applied so far durable in the index; returns the sequence number the commit covers. */
    long commit() throws IOException;

    /**
     * Commits what is applied and keeps that commit for copying to another node until the snapshot is closed. The
     * caller keeps operations from being applied meanwhile, so the commit covers exactly the snapshot's seq.
     */
    IndexSnapshot snapshot() throws IOException;

    /**
     * Merges the index's segments into as few as the collection allows when nothing was written for
     * {@code idleNanos} since the last call that merged or found nothing to merge; waits for the merge and returns
     * whether one ran.
     */
    boolean settle(long idleNanos) throws IOException;

    /** The configuration the engine follows now. */
    CollectionParams params();

    /** A new configuration (payload indexes, HNSW parameters for new segments). */
    void updateParams(CollectionParams params);

    List<ScoredPoint> search(VectorQuery query) throws IOException;

    /** The query API's reads (examples, facets, order_by, samples). */
    ShardQueries queries();

    ScrollPage scroll(ScrollQuery query) throws IOException;

    long count(Filter filter) throws IOException;

    List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector)
            throws IOException;

    /** How many live points have a value at the payload path (for payload_schema's "points"). */
    long countWithPayloadKey(String path) throws IOException;

    ShardStats stats() throws IOException;

    /** The merges running and finished on this replica and its segments no merge touches. */
    OptimizationReport optimizations() throws IOException;

    @Override
    void close() throws IOException;
}
