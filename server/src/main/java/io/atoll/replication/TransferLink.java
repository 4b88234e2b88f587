package io.atoll.replication;

import io.atoll.codec.WireCodec;
import io.atoll.error.AtollException;
import io.atoll.point.PointId;
import io.atoll.shard.CopyPage;
import io.atoll.shard.LogPosition;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A transfer driver's handle on the primary's stream to its target, for one term: it sends copies through the
 * stream (in order with the forwarded records), asks for the target to count for acknowledgements once caught up,
 * and says why the stream stopped. Thread-safe.
 */
public final class TransferLink {
    private final ReplicationGroup group;
    private final ReplicaStream stream;

    TransferLink(ReplicationGroup group, ReplicaStream stream) {
        this.group = group;
        this.stream = stream;
    }

    /** The primary term this link belongs to. */
    public long term() {
        return group.term;
    }

    /** Whether the stream still runs (the target answers or is retried, this node still leads the shard). */
    public boolean isRunning() {
        return !stream.stopped() && group.isLive();
    }

    /** Why the stream stopped (null while it runs, or when it stopped without a failure). */
    public String failure() {
        String f = stream.failure();
        return f != null ? f : group.isLive() ? null : "this node no longer leads the shard in term " + group.term;
    }

    /** Why the target did not take the last batch sent (it is sent again), null since the last one it took. */
    public String lastError() {
        return stream.lastError();
    }

    /** Whether the stream stopped because this log cannot serve the target (not because the target is gone). */
    public boolean logCannotServe() {
        return stream.failure() != null && !stream.promoted();
    }

    /** One copied page: how many points, their size, and where the next page starts (null: none). */
    public record Copied(int points, long bytes, PointId next) {
    }

    /**
     * Reads the page of points from {@code from} (inclusive; null for the first), queues it on the stream in the
     * same step (see {@link io.atoll.shard.ShardCopies#copyPage}), and returns once the target applied it durably, running
     * {@code whileWaiting} every second until then. Fails when the stream stops or the target takes longer than
     * {@code timeoutMillis} (copying a page again is harmless).
     */
    public Copied copy(PointId from, int limit, long timeoutMillis, Runnable whileWaiting)
            throws IOException, InterruptedException, TimeoutException {
        return copy(from, limit, id -> true, timeoutMillis, whileWaiting);
    }

    /**
     * {@link #copy(PointId, int, long, Runnable)} of only the points {@code select} selects among the next
     * {@code limit}: the generic filtered stream (a page may come back empty with a next page to copy).
     */
    public Copied copy(PointId from, int limit, Predicate<PointId> select, long timeoutMillis, Runnable whileWaiting)
            throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<LogPosition> done = new CompletableFuture<>();
        long[] bytes = {0};
        CopyPage page = group.local.copies().copyPage(from, limit, io.atoll.filter.Filter.EMPTY, select, p -> {
            if (!p.points().isEmpty()) {
                byte[] encoded = WireCodec.encode(p.points());
                bytes[0] = encoded.length;
                stream.send(new ReplicaStream.Copy(encoded, p.position().seq(), done));
            }
        });
        if (page.points().isEmpty()) {
            return new Copied(0, 0, page.next());
        }
        group.wake();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                try {
                    done.get(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                            TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw e;
                    }
                    whileWaiting.run();
                }
            }
            group.context.counters().copied(page.points().size(), bytes[0]);
            return new Copied(page.points().size(), bytes[0], page.next());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AtollException a ? a
                    : AtollException.unavailable("copy failed: " + e.getCause().getMessage());
        }
    }

    /**
     * Has the target count for acknowledgements from now on, and be promoted once it holds every record handed
     * over until now (see ReplicationGroup#requestPromotion).
     */
    public void promoteWhenCaughtUp() {
        group.requestPromotion(stream);
    }

    public boolean promoted() {
        return stream.promoted();
    }

    /**
     * Returns once the target made every record it holds visible to searches, or false after
     * {@code timeoutMillis}: catching up sends records without a refresh, and a target serves reads as soon as
     * it is Active.
     */
    public boolean awaitVisible(long timeoutMillis) throws InterruptedException {
        CompletableFuture<Void> f = stream.makeVisible();
        group.wake();
        try {
            f.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** How far the target's log is (-1 before it answered). */
    public long targetSeq() {
        return stream.acked();
    }

    /**
     * Before a move of the primary's own replica commits: stops new writes and waits for those in flight (see
     * {@link ReplicationGroup#beginHandoff}); false when they took longer than {@code timeoutMillis}.
     */
    public boolean beginHandoff(long timeoutMillis) {
        return group.beginHandoff(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /** The move did not commit: writes go on at this primary. */
    public void endHandoff() {
        group.endHandoff();
    }

    /** Stops the stream (the transfer ended or its driver stopped). */
    public void close() {
        group.closeTransfer(stream);
    }
}
